import { html, type Html } from "../html.js";

/**
 * Page tokens as the server gives them: forward only, so "Previous" goes back through the tokens already seen.
 */
export class Pager {
  private readonly seen: string[] = [];

  constructor(public token = "") {}

  next(nextToken: string): void {
    this.seen.push(this.token);
    this.token = nextToken;
  }

  previous(): void {
    this.token = this.seen.pop() ?? "";
  }

  controls(nextToken: string): Html {
    const hasPrevious = this.seen.length > 0;
    if (!hasPrevious && !nextToken) return html``;
    return html`<nav class="govuk-pagination govuk-pagination--block" aria-label="Pages">
      ${hasPrevious ? html`<div class="govuk-pagination__prev"><button type="button" class="govuk-button govuk-button--secondary" data-page="previous">Previous page</button></div>` : ""}
      ${nextToken ? html`<div class="govuk-pagination__next"><button type="button" class="govuk-button govuk-button--secondary" data-page="next">Next page</button></div>` : ""}
    </nav>`;
  }

  /** Wires the controls in <paramref name="root"/> to move and reload. */
  bind(root: HTMLElement, nextToken: string, reload: () => void): void {
    root.querySelector("[data-page=next]")?.addEventListener("click", () => { this.next(nextToken); reload(); });
    root.querySelector("[data-page=previous]")?.addEventListener("click", () => { this.previous(); reload(); });
  }
}

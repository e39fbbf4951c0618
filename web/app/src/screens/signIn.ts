import type { AppConfig } from "../config.js";
import { html, show } from "../html.js";
import { setTitle } from "../app.js";
import { clearProblem, errorSummary, showFieldError } from "../problems.js";
import { signIn, startOidcSignIn } from "../session.js";

interface DevelopmentPerson {
  id: string;
  name: string;
  roles: string[];
  teams: string[];
}

/**
 * Sign in: at the authority's OIDC provider when one is configured; in development, a token picker by person and role
 * (the host mints the token with the suite's development key).
 */
export async function signInScreen(config: AppConfig, main: HTMLElement, problem: string | undefined, signedIn: () => void): Promise<void> {
  setTitle("Sign in");
  const directory = config.signIn.development
    ? (await (await fetch("/dev/people")).json()) as { people: DevelopmentPerson[]; roles: string[] }
    : { people: [], roles: [] };
  show(main, html`<h1 class="govuk-heading-l">Sign in to GoingHome</h1>
    <div id="sign-in-problem"></div>
    ${config.signIn.oidc ? html`<p class="govuk-body">Sign in with your council account.</p>
      <button type="button" class="govuk-button" id="oidc-sign-in">Sign in with your council account</button>` : ""}
    ${config.signIn.development ? html`
      <div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span>
        <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span> Development sign-in: anyone can choose any person. It exists only in development.</strong></div>
      <form id="pick-person" novalidate>
        <div class="govuk-form-group"><fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--m"><h2 class="govuk-fieldset__heading">Sign in as</h2></legend>
          <div class="govuk-radios">
            ${directory.people.map((person, i) => html`<div class="govuk-radios__item">
              <input class="govuk-radios__input" id="person-${i}" name="person" type="radio" value="${i}"${i === 0 ? " checked" : ""}>
              <label class="govuk-label govuk-radios__label" for="person-${i}">${person.name}, ${person.roles.join(", ")} (${person.teams.join(", ")})</label></div>`)}
          </div></fieldset></div>
        <button type="submit" class="govuk-button">Sign in</button>
      </form>
      <form id="someone-else" novalidate>
        <h2 class="govuk-heading-m">Someone else</h2>
        <div class="govuk-form-group"><label class="govuk-label" for="userId">User id</label>
          <input class="govuk-input govuk-input--width-20" id="userId" name="userId" type="text" autocomplete="off" spellcheck="false"></div>
        <div class="govuk-form-group"><label class="govuk-label" for="name">Name</label>
          <input class="govuk-input govuk-input--width-20" id="name" name="name" type="text" autocomplete="off"></div>
        <div class="govuk-form-group"><label class="govuk-label" for="roles">Role</label>
          <select class="govuk-select" id="roles" name="roles">${directory.roles.map((role) => html`<option value="${role}">${role}</option>`)}</select></div>
        <div class="govuk-form-group"><label class="govuk-label" for="teams">Team</label>
          <input class="govuk-input govuk-input--width-10" id="teams" name="teams" type="text" autocomplete="off"></div>
        <button type="submit" class="govuk-button govuk-button--secondary">Sign in as this person</button>
      </form>` : ""}
    ${!config.signIn.oidc && !config.signIn.development ? html`<p class="govuk-body">No sign-in is configured: set WebApp:Oidc.</p>` : ""}`);

  const problemArea = main.querySelector<HTMLElement>("#sign-in-problem")!;
  if (problem) showSummary(problemArea, "You are not signed in", [problem]);
  main.querySelector("#oidc-sign-in")?.addEventListener("click", () =>
    void startOidcSignIn(config.signIn.oidc!, new URLSearchParams(location.search).get("returnTo") ?? "/tasks")
      .catch((error: Error) => showSummary(problemArea, "The sign-in service could not be reached", [error.message])));
  main.querySelector<HTMLFormElement>("#pick-person")?.addEventListener("submit", (event) => {
    event.preventDefault();
    const person = directory.people[Number(new FormData(event.target as HTMLFormElement).get("person"))];
    void mint(event.target as HTMLFormElement, { userId: person.id, name: person.name, roles: person.roles, teams: person.teams });
  });
  main.querySelector<HTMLFormElement>("#someone-else")?.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const team = String(form.get("teams") ?? "").trim();
    void mint(event.target as HTMLFormElement, { userId: String(form.get("userId") ?? ""), name: String(form.get("name") ?? ""), roles: [String(form.get("roles"))], teams: team ? [team] : [] });
  });

  async function mint(form: HTMLFormElement, request: { userId: string; name: string; roles: string[]; teams: string[] }): Promise<void> {
    clearProblem(form);
    problemArea.replaceChildren();
    const response = await fetch("/dev/token", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
    const body = (await response.json().catch(() => ({}))) as { token?: string; errors?: Record<string, string[]> };
    if (body.token) {
      signIn(body.token);
      signedIn();
      return;
    }

    const errors = Object.entries(body.errors ?? { "": [`The sign-in failed (${response.status}).`] });
    errors.forEach(([field, messages]) => showFieldError(form, field, messages.join(" ")));
    showSummary(problemArea, "There is a problem", errors.flatMap(([, messages]) => messages));
  }
}

function showSummary(area: HTMLElement, title: string, messages: string[]): void {
  show(area, errorSummary(title, html`<ul class="govuk-list govuk-error-summary__list">${messages.map((m) => html`<li>${m}</li>`)}</ul>`));
  area.querySelector<HTMLElement>(".govuk-error-summary")?.focus();
}

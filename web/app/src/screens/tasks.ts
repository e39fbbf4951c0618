import { TaskState, type PathwayTask } from "@goinghome/client/gen/goinghome/pathway/v1/pathway_pb";
import { focusHeading, setTitle, type Screen } from "../app.js";
import { deadline, newRequestId } from "../format.js";
import { html, show } from "../html.js";
import { childLink } from "../components.js";
import { problemPanel, showProblem } from "../problems.js";
import { Pager } from "./paging.js";

const pageSize = 20;

/** My tasks: the person's open tasks, overdue first (the server orders by due time), due times in London time. */
export async function myTasks(screen: Screen): Promise<void> {
  setTitle("My tasks");
  const pager = new Pager();
  await load();

  async function load(): Promise<void> {
    let page;
    try {
      page = await screen.clients.pathway.listTasks({ ownerId: screen.person.id, state: TaskState.OPEN, pageSize, pageToken: pager.token });
    } catch (error) {
      show(screen.main, html`<h1 class="govuk-heading-l">My tasks</h1>${problemPanel(error)}`);
      return;
    }

    const overdue = page.tasks.filter((task) => task.overdue).length;
    show(screen.main, html`<h1 class="govuk-heading-l">My tasks</h1>
      <p class="govuk-body" id="tasks-summary">${page.tasks.length === 0 ? "You have no open tasks." : overdue > 0 ? `${overdue} overdue on this page.` : "Nothing overdue on this page."}</p>
      ${page.tasks.length ? html`<table class="govuk-table app-table--stack" id="tasks">
        <caption class="govuk-table__caption govuk-visually-hidden">Your open tasks, soonest due first</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Due</th><th scope="col" class="govuk-table__header">Task</th>
          <th scope="col" class="govuk-table__header">Rule</th><th scope="col" class="govuk-table__header">Child</th>
          <th scope="col" class="govuk-table__header">Status</th><th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Action</span></th></tr></thead>
        <tbody class="govuk-table__body">${page.tasks.map(row)}</tbody></table>` : ""}
      ${pager.controls(page.nextPageToken)}
      <div id="complete-task"></div>`);
    pager.bind(screen.main, page.nextPageToken, () => void load().then(() => focusHeading(screen.main)));
    screen.main.querySelectorAll<HTMLButtonElement>("[data-complete]").forEach((button) =>
      button.addEventListener("click", () => completeForm(page.tasks.find((task) => task.id === button.dataset.complete)!)));
  }

  function row(task: PathwayTask) {
    return html`<tr class="govuk-table__row" data-task="${task.id}">
      <td class="govuk-table__cell">${deadline(task.dueTime)}</td>
      <td class="govuk-table__cell">${task.title}</td>
      <td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--grey">${task.ruleId}</strong></td>
      <td class="govuk-table__cell">${childLink(task, `for ${task.title}`)}</td>
      <td class="govuk-table__cell">${task.overdue ? html`<strong class="govuk-tag govuk-tag--red">Overdue</strong>` : html`<strong class="govuk-tag govuk-tag--blue">Open</strong>`}</td>
      <td class="govuk-table__cell"><button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-complete="${task.id}">Complete<span class="govuk-visually-hidden"> ${task.title}</span></button></td></tr>`;
  }

  function completeForm(task: PathwayTask): void {
    const target = screen.main.querySelector<HTMLElement>("#complete-task")!;
    const requestId = newRequestId();
    show(target, html`<form novalidate class="app-card" id="complete-form">
      <h2 class="govuk-heading-m">Complete: ${task.title}</h2>
      <div class="govuk-form-group"><label class="govuk-label" for="outcome">What happened</label>
        <textarea class="govuk-textarea" id="outcome" name="outcome" rows="3"></textarea></div>
      <button type="submit" class="govuk-button">Complete task</button></form>`);
    const form = target.querySelector<HTMLFormElement>("form")!;
    form.querySelector("textarea")!.focus();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await screen.clients.pathway.completeTask({ taskId: task.id, outcome: String(new FormData(form).get("outcome") ?? ""), requestId });
        await load();
        focusHeading(screen.main);
      } catch (error) {
        showProblem(form, error);
      }
    });
  }
}

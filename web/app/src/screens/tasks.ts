import { TaskState, type PathwayTask } from "@goinghome/client/gen/goinghome/pathway/v1/pathway_pb";
import { focusHeading, setTitle, type Screen } from "../app.js";
import { deadline, newRequestId } from "../format.js";
import { html, show } from "../html.js";
import { childLink, confirmation } from "../components.js";
import { problemPanel, showProblem } from "../problems.js";
import { Pager } from "./paging.js";

const pageSize = 20;

/** My tasks: the person's open tasks, overdue first (the server orders by due time), due times in London time. */
export async function myTasks(screen: Screen): Promise<void> {
  setTitle("My tasks");
  const pager = new Pager();
  await load();

  async function load(banner?: string): Promise<void> {
    let page;
    try {
      page = await screen.clients.pathway.listTasks({ ownerId: screen.person.id, state: TaskState.OPEN, pageSize, pageToken: pager.token });
    } catch (error) {
      show(screen.main, html`<h1 class="govuk-heading-l">My tasks</h1>${problemPanel(error)}`);
      return;
    }

    const overdue = page.tasks.filter((task) => task.overdue).length;
    show(screen.main, html`${banner ? confirmation("task-done", banner) : ""}<h1 class="govuk-heading-l">My tasks</h1>
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
    screen.main.querySelectorAll<HTMLButtonElement>("[data-complete], [data-not-needed]").forEach((button) =>
      button.addEventListener("click", () => closeForm(page.tasks.find((task) => task.id === (button.dataset.complete ?? button.dataset.notNeeded))!,
        button.dataset.complete ? "complete" : "not-needed")));
    screen.main.querySelector<HTMLElement>("#task-done")?.focus();
  }

  function row(task: PathwayTask) {
    return html`<tr class="govuk-table__row" data-task="${task.id}">
      <td class="govuk-table__cell">${deadline(task.dueTime)}</td>
      <td class="govuk-table__cell">${task.title}</td>
      <td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--grey">${task.ruleId}</strong></td>
      <td class="govuk-table__cell">${childLink(task, `for ${task.title}`)}</td>
      <td class="govuk-table__cell">${task.overdue ? html`<strong class="govuk-tag govuk-tag--red">Overdue</strong>` : html`<strong class="govuk-tag govuk-tag--blue">Open</strong>`}</td>
      <td class="govuk-table__cell"><div class="govuk-button-group govuk-!-margin-bottom-0">
        <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-complete="${task.id}">Complete<span class="govuk-visually-hidden"> ${task.title}</span></button>
        <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-not-needed="${task.id}">Not needed<span class="govuk-visually-hidden">: ${task.title}</span></button></div></td></tr>`;
  }

  /** Complete a task with what happened, or close it as not needed with why (who may is the service's rule). */
  function closeForm(task: PathwayTask, kind: "complete" | "not-needed"): void {
    const target = screen.main.querySelector<HTMLElement>("#complete-task")!;
    const requestId = newRequestId();
    const complete = kind === "complete";
    const [field, label] = complete ? ["outcome", "What happened"] : ["reason", "Why it is not needed"];
    show(target, html`<form novalidate class="app-card" id="complete-form" data-kind="${kind}">
      <h2 class="govuk-heading-m">${complete ? "Complete" : "Not needed"}: ${task.title}</h2>
      <div class="govuk-form-group"><label class="govuk-label" for="${field}">${label}</label>
        <textarea class="govuk-textarea" id="${field}" name="${field}" rows="3"></textarea></div>
      <button type="submit" class="govuk-button">${complete ? "Complete task" : "Close as not needed"}</button></form>`);
    const form = target.querySelector<HTMLFormElement>("form")!;
    form.querySelector("textarea")!.focus();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = String(new FormData(form).get(field) ?? "").trim();
      try {
        if (complete) {
          await screen.clients.pathway.completeTask({ taskId: task.id, outcome: text, requestId });
        } else {
          await screen.clients.pathway.markTaskNotNeeded({ taskId: task.id, reason: text, requestId });
        }
        await load(complete ? `Task completed: ${task.title}` : `Task closed as not needed: ${task.title}`);
      } catch (error) {
        showProblem(form, error);
      }
    });
  }
}

/** /status replies, read from the store (never from memory) and rendered in the person's language. */
import { dayInZone } from "../kernel/dates";
import type { OrgSnapshot } from "../org/types";
import type { CaseView } from "../cases/views";
import { placeLabel } from "../org/place";
import { isMessageKey, localName, render } from "../kernel/texts";
import type { Language } from "../kernel/channel";

function stateName(language: Language, state: string): string {
  const key = `state_${state}`;
  return isMessageKey(key) ? render(language, key) : state;
}

function categoryName(org: OrgSnapshot, language: Language, categoryId: string): string {
  const category = org.categories.find((c) => c.id === categoryId);
  return category ? localName(language, category) : categoryId;
}

export function formatCaseList(views: CaseView[], org: OrgSnapshot, language: Language, timeZone: string): string {
  const lines = views.map((view) =>
    render(language, "status_line", {
      code: view.trackingCode,
      category: categoryName(org, language, view.categoryId),
      state: stateName(language, view.state),
      date: dayInZone(new Date(view.submittedAt), timeZone),
    }),
  );
  return [render(language, "status_list_title"), ...lines].join("\n");
}

/** Not yet accepted: the date that matters to the petitioner is the acceptance decision's. */
const awaitingAcceptance: readonly CaseView["state"][] = ["submitted", "registered"];

export function formatCaseDetail(view: CaseView, org: OrgSnapshot, language: Language, timeZone: string): string {
  const lines = [detail(view, org, language, timeZone)];
  if (view.acceptBy && awaitingAcceptance.includes(view.state)) lines.push(render(language, "status_accept_by", { date: view.acceptBy }));
  if (view.answerBy) lines.push(render(language, "status_answer_by", { date: view.answerBy }));
  return lines.join("\n");
}

function detail(view: CaseView, org: OrgSnapshot, language: Language, timeZone: string): string {
  return render(language, "status_detail", {
    code: view.trackingCode,
    category: categoryName(org, language, view.categoryId),
    area: placeLabel(org, view.areaId),
    state: stateName(language, view.state),
    date: dayInZone(new Date(view.submittedAt), timeZone),
    unit: org.units.find((u) => u.id === view.unitId)?.name ?? "—",
  });
}

import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import type { DescEnum } from "@bufbuild/protobuf";
import type { Date as ProtoDate } from "@goinghome/client/gen/google/type/date_pb";

const london = "Europe/London";
const dateTime = new Intl.DateTimeFormat("en-GB", { timeZone: london, day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
const dateOnly = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });

/** A moment, as a London clock showed it (GMT or BST). */
export function londonTime(timestamp: Timestamp | undefined): string {
  return timestamp ? dateTime.format(timestampDate(timestamp)) : "";
}

const londonClock = new Intl.DateTimeFormat("en-GB", { timeZone: london, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const londonDay = new Intl.DateTimeFormat("en-GB", { timeZone: london, day: "numeric", month: "short", year: "numeric" });

/**
 * A deadline as the seeds mean it: one that falls at the last moment of a London day (23:59:59.999, "by the end of
 * the day") reads "end of 3 Dec 2026", never the next day at midnight; any other, as the London clock shows it.
 */
export function deadline(timestamp: Timestamp | undefined): string {
  if (!timestamp) return "";
  const moment = timestampDate(timestamp);
  return londonClock.format(moment) === "23:59" ? `end of ${londonDay.format(moment)}` : dateTime.format(moment);
}

/** A calendar date (no time zone: it is the date the record says). */
export function calendarDate(date: ProtoDate | undefined): string {
  return date && date.year ? dateOnly.format(Date.UTC(date.year, date.month - 1, date.day)) : "";
}

const acronyms = new Set(["GP", "IRO", "DBS", "NHS", "SAF", "ICPC", "LPM", "S20"]);

/** An enum value's name without its prefix, as words: LEGAL_STATUS_CARE_ORDER -> "Care order". */
export function enumLabel(schema: DescEnum, value: number): string {
  const name = schema.value[value]?.localName ?? "";
  if (name === "" || value === 0) return "";
  const words = name.split("_").map((word) => (acronyms.has(word) ? word : word.toLowerCase())).join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function newRequestId(): string {
  return crypto.randomUUID();
}

/** Age in whole years on today's date in London, as a birthday counts it. */
export function ageInYears(date: ProtoDate | undefined, today = londonToday()): number | undefined {
  if (!date || !date.year) return undefined;
  const hadBirthday = today.month > date.month || (today.month === date.month && today.day >= date.day);
  return today.year - date.year - (hadBirthday ? 0 : 1);
}

/** A calendar date before today in London (a review date gone by). */
export function isPast(date: ProtoDate | undefined): boolean {
  if (!date || !date.year) return false;
  const today = londonToday();
  return date.year * 10000 + date.month * 100 + date.day < today.year * 10000 + today.month * 100 + today.day;
}

function londonToday(): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: london, year: "numeric", month: "numeric", day: "numeric" }).formatToParts(new Date());
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part("year"), month: part("month"), day: part("day") };
}

/**
 * TeXML resources carry RFC 2822 dates (`Fri, 27 Oct 2023 07:41:58 +0000`),
 * applications ISO 8601. Everything this package returns uses ISO 8601 (UTC), so one
 * format reaches outputs and comparisons; an unreadable date is passed through unchanged.
 */
export function toIsoDate(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const fast = utcRfc2822ToIso(value);
  if (fast !== undefined) return fast;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** True when `Date.parse` can read the value (the spec's date-time strings). */
export function isReadableDate(value: string): boolean {
  return utcRfc2822ToIso(value) !== undefined || !Number.isNaN(Date.parse(value));
}

const MONTHS: Record<string, string> = {
  Jan: "01",
  Feb: "02",
  Mar: "03",
  Apr: "04",
  May: "05",
  Jun: "06",
  Jul: "07",
  Aug: "08",
  Sep: "09",
  Oct: "10",
  Nov: "11",
  Dec: "12",
};
const RFC2822_UTC = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d) (\w{3}) (\d{4}) ([01]\d|2[0-3]):([0-5]\d):([0-5]\d) (?:\+0000|GMT)$/;

/**
 * The form Telnyx sends in every TeXML listing, converted by rearranging the string:
 * listings carry thousands of them, and `Date.parse` + `toISOString` cost several
 * times more. Anything else (other offsets, impossible days) is left to `Date.parse`.
 */
function utcRfc2822ToIso(value: string): string | undefined {
  const m = RFC2822_UTC.exec(value);
  if (!m) return undefined;
  const [, day, monthName, year, hh, mm, ss] = m as unknown as [string, string, string, string, string, string, string];
  const month = MONTHS[monthName];
  if (month === undefined || day === "00" || (Number(day) > 28 && Number(day) > daysIn(Number(year), Number(month)))) return undefined;
  return `${year}-${month}-${day}T${hh}:${mm}:${ss}.000Z`;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

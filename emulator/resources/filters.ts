import { day } from "../dates";
import { invalid, type ApiRequest } from "../http";

/**
 * The spec's date filters: `DateCreated=2023-05-22`, or with an inequality operator
 * (`DateCreated>=2023-05-22`, which arrives as the key `DateCreated>` and the value
 * `2023-05-22`), comparing by UTC day, or by instant when a full date-time is given.
 */
export function dateFilter(req: ApiRequest, name: string): (ms: number) => boolean {
  const checks: Array<(ms: number) => boolean> = [];
  for (const [key, raw] of req.query) {
    if (!key.startsWith(name)) continue;
    const op = key.slice(name.length);
    let value = raw;
    let operator = op;
    // `DateCreated=>=2023-05-22` is how some clients send it: operator inside the value.
    const inline = /^(>=|<=|>|<)(.*)$/.exec(value);
    if (op === "" && inline) [operator, value] = [inline[1]!, inline[2]!];
    if (!["", ">", "<", ">=", "<="].includes(operator)) continue;
    if (!/^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?(\.\d+)?Z?)?$/.test(value))
      throw invalid(`/${name}`, "value", `${name} must be a date (YYYY-MM-DD) or an ISO 8601 date-time`);
    const byDay = value.length === 10;
    const target = byDay ? value : Date.parse(value.endsWith("Z") ? value : `${value}Z`);
    const compare = (ms: number) => (byDay ? day(ms).localeCompare(target as string) : Math.sign(ms - (target as number)));
    if (operator === "") checks.push((ms) => compare(ms) === 0);
    if (operator === ">") checks.push((ms) => compare(ms) > 0);
    if (operator === "<") checks.push((ms) => compare(ms) < 0);
    if (operator === ">=") checks.push((ms) => compare(ms) >= 0);
    if (operator === "<=") checks.push((ms) => compare(ms) <= 0);
  }
  return (ms) => checks.every((check) => check(ms));
}

/** `StartTime`, `StartTime_gt`, `StartTime_lt` (and the `EndTime` trio): UTC days, `YYYY-MM-DD`. */
export function dayRangeFilter(req: ApiRequest, name: string): (ms: number | undefined) => boolean {
  const read = (key: string) => {
    const value = req.query.get(key);
    if (value === null || value === "") return undefined;
    if (!/^\d{4}-\d\d-\d\d$/.test(value)) throw invalid(`/${key}`, "value", `${key} must be a date in the form YYYY-MM-DD`);
    return value;
  };
  const on = read(name);
  const after = read(`${name}_gt`);
  const before = read(`${name}_lt`);
  if (on === undefined && after === undefined && before === undefined) return () => true;
  return (ms) => {
    if (ms === undefined) return false;
    const d = day(ms);
    return (on === undefined || d === on) && (after === undefined || d > after) && (before === undefined || d < before);
  };
}

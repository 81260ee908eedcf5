import { ZodError } from "zod";

/** One problem with admin input: a dotted path to the field (`queues.0.name`) and what is wrong. */
export interface InputIssue {
  path: string;
  message: string;
}

/** Admin input that is well-formed but refers to something missing or duplicated. */
export class InputError extends Error {
  constructor(readonly issues: InputIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join("; "));
  }
}

export const inputError = (path: string, message: string) => new InputError([{ path, message }]);

/** The issues of a zod or input error, each naming its field; undefined for other errors. */
export function issuesOf(error: unknown): InputIssue[] | undefined {
  if (error instanceof InputError) return error.issues;
  if (!(error instanceof ZodError)) return undefined;
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String);
    // An unknown field is reported on its parent by zod; name the field itself.
    if (issue.code === "unrecognized_keys")
      return issue.keys.map((key) => ({ path: [...base, key].join("."), message: `unknown field "${key}"` }));
    return [{ path: base.join("."), message: issue.message }];
  });
}

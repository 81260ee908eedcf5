// What e2e tests do to a project's emulator from outside the stack, and how they read its log.
import type { CliProject } from "./project";

/** A call to the project's TeXML queue API as someone outside the stack makes it (a form body when given). */
export function queueApi(project: CliProject, method: string, sid?: string, form?: Record<string, string>): Promise<Response> {
  return fetch(
    `${project.emulator.baseUrl}/texml/Accounts/${project.emulator.accountSid}/Queues${sid ? `/${encodeURIComponent(sid)}` : ""}`,
    {
      method,
      headers: {
        authorization: `Bearer ${project.emulator.apiKey}`,
        ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    },
  );
}

/** The emulator's writes as `METHOD path`, with the fault it injected, e.g. `POST …/Queues [status:503:after]`. */
export async function writes(project: CliProject): Promise<string[]> {
  return (await project.emulator.requests())
    .filter((r) => r.method !== "GET")
    .map((r) => `${r.method} ${r.path}${r.fault ? ` [${r.fault}]` : ""}`);
}

import { TexmlFileError, loadTexmlFile } from "./load";

const HELP = `usage: telnyx-texml validate <file> [<file> ...]

Checks declarative TeXML files (texml.yaml) the way texml.fromFile reads them, without
sending any request: YAML syntax, every field against the TeXML spec, references, and
names that must be unique (queue names, secret names, application friendly names).
Exits 1 when a file has a problem, so it can run as a lint step in CI.`;

/** `telnyx-texml validate <file>...`: the lint step for declarative files. */
export async function main(args: string[]): Promise<void> {
  if (args.length === 0 || args.includes("--help") || args.includes("-h")) {
    console.log(HELP);
    if (args.length === 0) process.exitCode = 2;
    return;
  }
  for (const file of args) {
    try {
      const doc = loadTexmlFile(file);
      const count = (section: Record<string, unknown> | undefined) => Object.keys(section ?? {}).length;
      console.log(`${file}: valid (${count(doc.applications)} applications, ${count(doc.queues)} queues, ${count(doc.secrets)} secrets)`);
    } catch (error) {
      if (!(error instanceof TexmlFileError) && !(error as NodeJS.ErrnoException).code) throw error;
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    }
  }
}

// Every relative link of the user's and contributor's pages must lead somewhere: the README,
// CONTRIBUTING.md and DESIGN.md link into docs/, and docs/ links back and across. A moved section
// or a renamed heading breaks them silently on GitHub, so each link's file, and its anchor if it
// has one, is checked against what is on disk. External (http, mailto) links are not fetched.
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(__dirname, "..", "..");

/** Markdown without fenced code blocks, whose `#` lines and `[x](y)` are not headings or links. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** Every anchor a page offers, with GitHub's -1, -2 suffixes for repeated headings. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const match of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = anchorOf(match[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** The relative link targets of a page (inline code spans and fenced blocks left out). */
function relativeLinksOf(markdown: string): string[] {
  const prose = withoutFences(markdown).replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!).filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** "file.md: target (what is wrong)" for each relative link of `files` (relative to `root`) that leads nowhere. */
function brokenLinks(root: string, files: string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const text = readFileSync(path.join(root, file), "utf8");
    for (const target of relativeLinksOf(text)) {
      const [filePart, anchor] = target.split("#", 2) as [string, string | undefined];
      const resolved =
        filePart === "" ? path.join(root, file) : path.resolve(path.dirname(path.join(root, file)), decodeURIComponent(filePart));
      if (!existsSync(resolved)) {
        problems.push(`${file}: ${target} (no such file: ${path.relative(root, resolved)})`);
        continue;
      }
      if (anchor === undefined || anchor === "") continue;
      if (!resolved.endsWith(".md") || statSync(resolved).isDirectory()) {
        problems.push(`${file}: ${target} (an anchor into a file that is not a Markdown page)`);
        continue;
      }
      if (!anchorsOf(readFileSync(resolved, "utf8")).has(anchor)) {
        problems.push(`${file}: ${target} (no heading with anchor #${anchor} in ${path.relative(root, resolved)})`);
      }
    }
  }
  return problems;
}

/** The README, CONTRIBUTING.md, DESIGN.md and every page under docs/. */
function documentationPages(): string[] {
  const docs = (dir: string): string[] =>
    readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? docs(path.join(dir, entry.name)) : entry.name.endsWith(".md") ? [path.join(dir, entry.name)] : [],
    );
  return ["README.md", "CONTRIBUTING.md", "DESIGN.md", ...docs("docs")];
}

describe("documentation links", () => {
  it("turns headings into GitHub's anchors", () => {
    expect(anchorOf("Check your account first: `telnyx-texml doctor`")).toBe("check-your-account-first-telnyx-texml-doctor");
    expect(anchorOf("Secrets: what a `texml.Secret` can and cannot do")).toBe("secrets-what-a-texmlsecret-can-and-cannot-do");
    expect(anchorOf("The same stack in YAML, Go and Python")).toBe("the-same-stack-in-yaml-go-and-python");
  });

  it("reports a missing file, a missing anchor and an anchor into a folder, and nothing in code", () => {
    const root = mkdtempSync(path.join(tmpdir(), "doc-links-"));
    try {
      mkdirSync(path.join(root, "docs"));
      mkdirSync(path.join(root, "examples"));
      writeFileSync(path.join(root, "docs", "guide.md"), "# Guide\n\n## Two words\n\n## Two words\n\n```sh\n# not a heading\n```\n");
      writeFileSync(
        path.join(root, "README.md"),
        [
          "[ok](docs/guide.md) [ok](docs/guide.md#two-words) [ok](docs/guide.md#two-words-1) [ok](#top) [ok](examples) [ok](https://example.com/x)",
          "[gone](docs/missing.md) [bad anchor](docs/guide.md#not-a-heading) [dir anchor](examples#x) [self](#nowhere)",
          "`[in code](docs/nope.md)`",
          "```md\n[in a fence](docs/nope.md)\n```",
          "# Top",
        ].join("\n\n"),
      );
      expect(brokenLinks(root, ["README.md", "docs/guide.md"])).toEqual([
        "README.md: docs/missing.md (no such file: docs/missing.md)",
        "README.md: docs/guide.md#not-a-heading (no heading with anchor #not-a-heading in docs/guide.md)",
        "README.md: examples#x (an anchor into a file that is not a Markdown page)",
        "README.md: #nowhere (no heading with anchor #nowhere in README.md)",
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("every relative link of the README, CONTRIBUTING.md, DESIGN.md and docs/ resolves to a file and heading", () => {
    const pages = documentationPages();
    expect(pages).toEqual(expect.arrayContaining(["docs/safety.md", "docs/emulator.md", "docs/README.md", "docs/resources/queue.md"]));
    expect(brokenLinks(repoRoot, pages)).toEqual([]);
  });
});

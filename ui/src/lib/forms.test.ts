// The window's forms speak the user's language: the browser's own validation ("Fill out this
// field", in English whatever the app's language) never runs, and the core's sentences do.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const src = new URL("..", import.meta.url).pathname;

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? svelteFiles(join(dir, e.name)) : e.name.endsWith(".svelte") ? [join(dir, e.name)] : [],
  );
}

describe("forms", () => {
  const files = svelteFiles(src);
  it("are found", () => {
    expect(files.length).toBeGreaterThan(10);
  });
  it("leave validation to the app: every form is novalidate, no field is required", () => {
    const offending: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, "utf8");
      for (const form of source.match(/<form\b[^>]*>/g) ?? []) {
        if (!/\bnovalidate\b/.test(form)) offending.push(`${file}: ${form}`);
      }
      for (const tag of source.match(/<(input|select|textarea)\b[^>]*>/g) ?? []) {
        if (/\srequired\b/.test(tag)) offending.push(`${file}: ${tag}`);
      }
    }
    expect(offending).toEqual([]);
  });
});

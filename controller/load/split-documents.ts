// Splits a multi-document YAML stream the way kubectl does: a line that is
// "---" (optionally followed by blanks or a comment) separates documents.
//
// Why not leave this to js-yaml's loadAll alone: it reports no line at which
// each document starts. Splitting first names the line each object starts on
// (so every diagnostic can point at it) and skips empty documents (a trailing
// "---", or one holding only comments).

export interface YamlDocument {
  text: string;
  /** 1-based line of the document's first line in the file. */
  line: number;
}

const SEPARATOR = /^---[ \t]*(#.*)?$/;
const CONTENT = /^[ \t]*[^ \t#]/;

export function splitDocuments(text: string): YamlDocument[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const docs: YamlDocument[] = [];
  let start = 0;
  const flush = (end: number) => {
    const body = lines.slice(start, end);
    if (body.some((l) => CONTENT.test(l))) docs.push({ text: body.join("\n"), line: start + 1 });
  };
  lines.forEach((line, i) => {
    if (SEPARATOR.test(line)) {
      flush(i);
      start = i + 1;
    }
  });
  flush(lines.length);
  return docs;
}

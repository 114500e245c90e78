// The chat's Markdown-lite, read into blocks: paragraphs with line breaks, "- " lists and
// numbered lists; inside them `*italics*` (task titles) and `**bold**`. Rendered by
// components/chat/MarkdownLite.tsx as React elements, never as HTML.

export type Inline = { kind: "text" | "em" | "strong"; text: string };

export type Block =
  | { kind: "paragraph"; lines: Inline[][] }
  | { kind: "list"; items: Inline[][] }
  | { kind: "numbered"; start: number; items: Inline[][] };

const INLINE = /\*\*(.+?)\*\*|\*(.+?)\*/g;
const BULLET = /^\s*[-•]\s+(.*)$/;
const NUMBERED = /^\s*(\d+)[.)]\s+(.*)$/;

export function parseInline(text: string): Inline[] {
  const parts: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) parts.push({ kind: "text", text: text.slice(last, match.index) });
    parts.push(match[1] !== undefined ? { kind: "strong", text: match[1] } : { kind: "em", text: match[2] ?? "" });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}

export function parseMarkdown(text: string): Block[] {
  const blocks: Block[] = [];
  for (const line of text.split(/\r?\n/)) {
    const previous = blocks.at(-1);
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    if (bullet) {
      const item = parseInline(bullet[1] ?? "");
      if (previous?.kind === "list") previous.items.push(item);
      else blocks.push({ kind: "list", items: [item] });
    } else if (numbered) {
      const item = parseInline(numbered[2] ?? "");
      if (previous?.kind === "numbered") previous.items.push(item);
      else blocks.push({ kind: "numbered", start: Number(numbered[1]), items: [item] });
    } else if (line.trim() === "") {
      blocks.push({ kind: "paragraph", lines: [] });
    } else if (previous?.kind === "paragraph" && previous.lines.length > 0) {
      previous.lines.push(parseInline(line));
    } else {
      blocks.push({ kind: "paragraph", lines: [parseInline(line)] });
    }
  }
  return blocks.filter((block) => block.kind !== "paragraph" || block.lines.length > 0);
}

/** The text of inline parts without their markers (for labels). */
export function plainText(parts: Inline[]): string {
  return parts.map((part) => part.text).join("");
}

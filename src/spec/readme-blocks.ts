// Generated blocks in markdown files, between `<!-- NAME:start -->` and `<!-- NAME:end -->`.

const blockRe = (name: string) => new RegExp(`(<!-- ${name}:start -->\\n)([\\s\\S]*?)\\n?(<!-- ${name}:end -->)`);

export function generatedBlock(text: string, name: string): string | undefined {
  return blockRe(name).exec(text)?.[2];
}

export function replaceGenerated(text: string, name: string, content: string): string {
  const re = blockRe(name);
  if (!re.test(text)) throw new Error(`no <!-- ${name}:start --> / <!-- ${name}:end --> markers`);
  return text.replace(re, (_m, start: string, _old: string, end: string) => `${start}${content}\n${end}`);
}

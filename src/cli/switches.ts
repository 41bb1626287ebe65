/**
 * update.exe writes some switches with a colon (`-s:C:\share`, `-x:C:\dir`), which no argument
 * parser accepts; rewrite them to long options first.
 */
export function normalizeUpdateSwitches(argv: readonly string[]): string[] {
  return argv.flatMap((arg) => {
    const slip = /^[-/]s:(.+)$/i.exec(arg);
    if (slip) return ['--slipstream', slip[1]];
    const extract = /^[-/]x(?::(.+))?$/i.exec(arg);
    if (extract) return extract[1] ? ['--extract', extract[1]] : ['--extract', '.'];
    return [arg];
  });
}

/**
 * update.exe writes some switches with a colon (`-s:C:\share`, `-x:C:\dir`), which no argument
 * parser accepts; rewrite them to long options first. A bare `-x` (update.exe then asks for a folder)
 * becomes `--extract` with an empty folder, which the install command refuses with a message.
 */
export function normalizeUpdateSwitches(argv: readonly string[]): string[] {
  return argv.flatMap((arg) => {
    const slip = /^[-/]s:(.+)$/i.exec(arg);
    if (slip) return ['--slipstream', slip[1]];
    const extract = /^[-/]x(?::(.*))?$/i.exec(arg);
    if (extract) return ['--extract', extract[1] ?? ''];
    return [arg];
  });
}

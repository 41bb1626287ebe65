/** `'5.00.2195.6717 (srv03_rtm.030324-2048)'` or `'5, 0, 2195, 1'` as `'5.0.2195.6717'`; undefined when it is no version. */
export function parseVersionString(text: string): string | undefined {
  const match = /^\s*(\d{1,5})(?:\s*[.,]\s*(\d{1,5}))?(?:\s*[.,]\s*(\d{1,5}))?(?:\s*[.,]\s*(\d{1,5}))?/.exec(
    text,
  );
  if (!match) return undefined;
  const parts = match.slice(1).map((part) => Number(part ?? 0));
  return parts.every((part) => part <= 0xffff) ? parts.join('.') : undefined;
}

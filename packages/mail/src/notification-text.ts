// The words of a notification. A sender names people by their sign-in account (`person(subject)`), and
// delivery writes in each name as the directory has it when the mail goes out: names are personal data
// that can be changed or erased, so they stay out of events, the outbox and queued digest lines. Free
// text (a decider's reason) goes in as `literal`, so that it can never pose as a mention.

const MENTION = /\{\{(?:(\{\{)|person:([^{}\s]+)\}\})/g;

/** Names a person (a token subject) in a notification's title or text. */
export const person = (subject: string): string => `{{person:${subject}}}`;

/** Free text for a notification: a `{{` in it stays text. */
export const literal = (text: string): string => text.replaceAll('{{', '{{{{');

/** The text with each person's name written in. */
export function resolveMentions(text: string, nameOf: (subject: string) => string): string {
  return text.replace(MENTION, (_, escaped: string | undefined, subject: string | undefined) => (escaped ? '{{' : nameOf(subject!)));
}

/** A time as mail prints it: `2026-12-02 09:30 UTC` (an invalid time is left as it is). */
export function utcTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const at = new Date(ms).toISOString();
  return `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`;
}

/** "an asset policy change", "a risk acceptance". */
export const withArticle = (title: string): string => `${/^[aeiou]/i.test(title) ? 'an' : 'a'} ${title}`;

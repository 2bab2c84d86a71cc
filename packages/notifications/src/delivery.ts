// Delivering notifications: each recipient (by role or by person, active, not excluded) gets an e-mail
// at once or a line in tomorrow's digest, by their own choice for the kind. Each (event, person) is
// delivered once, so a redelivered event sends nothing twice; the daily job sends one digest per person.
// The people a notification names are written in by the directory's names when the mail goes out
// (notification-text.ts), and every link points into the console.
import type { People, Person } from '@ismf/core/people';
import { consumedBy, markConsumed } from '@ismf/store/consumed';
import { deleteItems } from '@ismf/store/batch-write';
import { digestLinesBefore, queueDigestLine, type DigestLineItem } from '@ismf/store/digest-lines';
import { notificationMail, renderDigest } from '@ismf/mail/mail';
import { mailTransport } from '@ismf/mail/mail-transport';
import { resolveMentions } from '@ismf/mail/notification-text';

export interface Notification {
  kind: string;
  recipients: { roles?: string[]; users?: string[]; members?: string[] };
  exclude?: string[];
  title: string;
  text: string;
  link: string;
}

/** Links in mail point at the console: ISMF_APP_URL (the console's stack sets it in AWS, W2.8), locally the local server. */
const absolute = (link: string) => `${(process.env.ISMF_APP_URL ?? process.env.ISMF_LOCAL_URL ?? 'https://app.ismf.example').replace(/\/+$/, '')}${link}`;

/**
 * Writes in the names of the people a text mentions: the directory's display name, else the e-mail
 * address. Only active people are named; anyone else is "a former user".
 */
function namesOf(people: Person[]): (text: string) => string {
  const bySubject = new Map(people.map((user) => [user.subject, user.displayName ?? user.email]));
  return (text) => resolveMentions(text, (subject) => bySubject.get(subject) ?? 'a former user');
}

function recipientsOf(users: Person[], notification: Notification): Person[] {
  const roles = new Set(notification.recipients.roles ?? []);
  const people = new Set(notification.recipients.users ?? []);
  const members = new Set(notification.recipients.members ?? []);
  const excluded = new Set(notification.exclude ?? []);
  return users.filter(
    (user) => !excluded.has(user.subject) && (people.has(user.subject) || members.has(user.id) || user.roles.some((role) => roles.has(role))),
  );
}

export async function deliverNotification(tenantId: string, eventId: string, at: string, notification: Notification, directory: People) {
  const people = await directory.active(tenantId);
  const recipients = recipientsOf(people, notification);
  const outcome = { sent: 0, queued: 0 };
  const words = namesOf(people);
  // Who has this event already (a redelivery after a partial failure): one batch read for everyone.
  const marker = (userId: string) => `notify:${userId}`;
  const delivered = await consumedBy(
    tenantId,
    recipients.map((user) => marker(user.id)),
    eventId,
  );
  for (const user of recipients) {
    const mode = user.notifications?.[notification.kind] ?? 'immediate';
    if (mode === 'daily-digest') {
      const line: DigestLineItem = {
        userId: user.id,
        eventId,
        at,
        kind: notification.kind,
        title: notification.title,
        text: notification.text,
        link: notification.link,
      };
      if ((await queueDigestLine(tenantId, line)) === 'queued') outcome.queued++;
      continue;
    }
    if (delivered.has(marker(user.id))) continue;
    const mail = notificationMail({
      title: words(notification.title),
      text: words(notification.text),
      link: absolute(notification.link),
      ...(user.displayName ? { recipientName: user.displayName } : {}),
    });
    await mailTransport().send({ to: user.email, ...(user.displayName ? { toName: user.displayName } : {}), ...mail });
    await markConsumed(tenantId, marker(user.id), eventId, 'NotificationRequested');
    outcome.sent++;
  }
  return outcome;
}

/** The daily job: one e-mail per person with every line queued before now; the lines then go. */
export async function sendDigests(tenantId: string, directory: People, now = new Date()) {
  const queued = await digestLinesBefore(tenantId, now.toISOString());
  const byUser = new Map<string, typeof queued>();
  for (const entry of queued) byUser.set(entry.line.userId, [...(byUser.get(entry.line.userId) ?? []), entry]);
  const people = await directory.active(tenantId);
  const users = new Map(people.map((user) => [user.id, user]));
  // Queued lines keep the people they name as mentions: named as the digest goes out.
  const words = namesOf(people);
  let digests = 0;
  for (const [userId, entries] of byUser) {
    const user = users.get(userId);
    if (user) {
      const digest = renderDigest(
        entries.map(({ line }) => ({ at: line.at, subject: words(line.title), text: words(line.text), link: absolute(line.link) })),
        { day: now.toISOString().slice(0, 10), ...(user.displayName ? { recipientName: user.displayName } : {}) },
      );
      await mailTransport().send({ to: user.email, ...(user.displayName ? { toName: user.displayName } : {}), ...digest });
      digests++;
    }
    // A disabled or removed user's lines go too: they are no longer told anything.
    await deleteItems(entries.map((entry) => entry.key));
  }
  return { digests, lines: queued.length };
}

// The mail the local transport wrote (.eml files in the API's mail folder), read as a mail client reads
// it: by a maintained MIME parser, so that tests see the addresses, subject and both parts as people do.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';

export interface ReadMail {
  file: string;
  raw: string;
  to: string[];
  toNames: string[];
  subject: string;
  text: string;
  html: string;
}

const cache = new Map<string, ReadMail>();

const addresses = (field: AddressObject | AddressObject[] | undefined) => [field ?? []].flat().flatMap((object) => object.value);

/** Every mail in the folder, oldest first (the file names begin with the time of sending). */
export async function readMails(dir: string): Promise<ReadMail[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.eml')).sort();
  const read = await Promise.all(
    files.map(async (file): Promise<ReadMail | undefined> => {
      const known = cache.get(join(dir, file));
      if (known) return known;
      const raw = await readFile(join(dir, file), 'utf8');
      // A file still being written is read on the next look (every message ends with its closing boundary).
      if (!raw.endsWith('--\r\n')) return undefined;
      const mail = await simpleParser(raw);
      const parsed: ReadMail = {
        file,
        raw,
        to: addresses(mail.to).map((address) => address.address ?? ''),
        toNames: addresses(mail.to).map((address) => address.name),
        subject: mail.subject ?? '',
        text: mail.text ?? '',
        html: typeof mail.html === 'string' ? mail.html : '',
      };
      cache.set(join(dir, file), parsed);
      return parsed;
    }),
  );
  return read.filter((mail): mail is ReadMail => mail !== undefined);
}

/** The mails to one address. */
export async function mailsTo(dir: string, address: string): Promise<ReadMail[]> {
  return (await readMails(dir)).filter((mail) => mail.to.includes(address));
}

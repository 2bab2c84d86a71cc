// The settings hub: the settings screens the person's roles open (a link a person could not follow is not shown).
import { Link } from 'react-router';
import { mayOpen, SCREENS } from '../../screens.ts';
import { useWho } from '../../session/session.ts';
import { Page } from '../../ui/page.tsx';

const SECTIONS = [
  { path: '/settings/users', what: 'Who works in the organization, their roles, and who may sign in: invite people, change roles, deactivate accounts.' },
  { path: '/asset-policy', what: 'What the register protects: categories, classification levels, how assets are valued and how often they are reviewed.' },
  {
    path: '/change-settings',
    what: 'How changes are authorized and reviewed: the emergency authorizer, the quorum per class, review periods, the longest window and owner notice.',
  },
  {
    path: '/early-warning-settings',
    what: 'Who sees security advisories marked TLP:AMBER and TLP:RED, and is told when one arrives; how an early warning’s priority is computed, EPSS included.',
  },
  { path: '/patch-settings', what: 'How many days a patch may take, per priority, before it is overdue.' },
  { path: '/advisory-sources', what: 'Who sends the organization security advisories: each source’s webhook, signing secret and health.' },
  { path: '/me/notifications', what: 'How you hear of each kind of notification: an e-mail at once, or one daily digest.' },
];

export default function Settings() {
  const roles = useWho()?.roles ?? [];
  const open = SECTIONS.flatMap((section) => {
    const screen = SCREENS.find((candidate) => candidate.path === section.path);
    return screen && mayOpen(screen, roles) ? [{ ...section, title: screen.title }] : [];
  });
  return (
    <Page title="Settings">
      <div className="tiles">
        {open.map((section) => (
          <section key={section.path} className="card">
            <h2>
              <Link to={section.path}>{section.title}</Link>
            </h2>
            <p>{section.what}</p>
          </section>
        ))}
      </div>
    </Page>
  );
}

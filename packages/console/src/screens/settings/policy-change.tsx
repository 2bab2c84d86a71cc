// PLACEHOLDER (W2.8 in progress): replaced by the screen itself.
import { Page } from '../../ui/page.tsx';

export default function Screen() {
  return <Page title="settings/policy-change">{null}</Page>;
}

/** 价值象限 (placeholder until the page lands). */
import type { Language } from '../../../../shared/api/contract';
import { ComingSoonPage } from '../ComingSoonPage';

export function QuadrantPage(props: { language: Language; workspaceKey: string }) {
  void props;
  return <ComingSoonPage page="quadrant" />;
}

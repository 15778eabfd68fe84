/**
 * The recommended approach of each lifecycle stage (docs/domain.md §5; seed 004, the
 * five-stage customer-relationship lifecycle and its stage strategies). The stage
 * itself comes from lifecycle.ts; this is what a manager does about it: one line
 * to show beside the stage, and the steps behind it.
 *
 * Sources (seed 004 notes §1.1, §3.3, §4.1): acquisition L45/L80, growth L47/L82,
 * mature L48/L83–88 (the five lock-in levers), decline L49/L90 (early warning,
 * cause, restore), exited L50/L92–93 (expected-return test, win back or let go).
 */
import type { LocalText } from '../model/trace';
import { STAGES, STAGE_LABELS, T, type Stage } from './text';

export interface StageApproach {
  stage: Stage;
  label: LocalText;
  /** one line: the aim of the stage and how it is reached */
  summary: LocalText;
  /** what to do, in order */
  steps: LocalText[];
  /** where the approach comes from */
  source: LocalText;
}

const SOURCE = T('领域规则 §5（种子 004：客户生命周期五阶段策略）', 'docs/domain.md §5 (seed 004: strategies of the five lifecycle stages)');

const APPROACH: Readonly<Record<Stage, { summary: LocalText; steps: LocalText[] }>> = {
  acquisition: {
    summary: T(
      '建立关系：摸清新集团的关键购买因素，帮客户分析问题、给出方案，把新客户转为稳定在网的客户。',
      'Build the relationship: learn the new group’s key buying factors, help it analyse its problems and propose a solution, and turn a new customer into a lasting one.',
    ),
    steps: [
      T('分析、跟踪新进集团的构成及关键购买因素', 'Track who the new groups are and what they buy on'),
      T('按客户类型选择说服方式，帮助客户分析问题、提出解决方案', 'Use the persuasion that fits the customer type; help it analyse problems and propose solutions'),
      T('评估客户的意向、履约能力以及双方的权利与义务', 'Assess the customer’s intent and performance, and the duties and rights of both sides'),
    ],
  },
  growth: {
    summary: T(
      '做大份额：分析在网业务的使用情况，找出提升瓶颈，用特别对待计划、满意度调查和定制产品把已占份额巩固并做大。',
      'Grow the share: study how the group uses its services, find the bottleneck to growth, and use special treatment, satisfaction surveys and tailored products to consolidate and grow the share won.',
    ),
    steps: [
      T('分析增值业务、宽带等的使用情况，找出提升瓶颈', 'Study the use of value-added services and broadband; find the bottleneck to growth'),
      T('实施特别对待计划，开展满意度调查，发掘潜在期望与个性化需求', 'Run a special-treatment programme and satisfaction surveys; find latent expectations and personal needs'),
      T('定制产品、奖励方案与专项服务，从抢占份额转向巩固并做大份额', 'Tailor products, rewards and special services: move from taking share to consolidating and growing it'),
    ],
  },
  mature: {
    summary: T(
      '锁定客户：跟踪忠诚度与深层需求（含新业务需求），用学习成本、忠诚度代价、资费调整、服务改进、品牌形象五个手段提高离网成本。',
      'Lock the customer in: track loyalty and deeper needs (new services included) and raise the cost of leaving with five levers: learning cost, loyalty cost, tariff adjustment, service improvement and brand image.',
    ),
    steps: [
      T('学习成本：主动培训，设计更贴合的服务方案，养成使用习惯', 'Learning cost: train the customer, design better-fitting service plans, build usage habits'),
      T('忠诚度代价：在网时间越长优惠越大，让渡利润给老客户', 'Loyalty cost: the longer the tenure, the larger the discount; pass profit back to old customers'),
      T('资费调整：如预存话费送话费，形成事实上的签约在网', 'Tariff adjustment: e.g. prepay and get bonus credit, a contract in all but name'),
      T('服务改进与品牌形象：持续改进服务，保持品牌定位', 'Service and brand: keep improving the service and keep the brand’s position'),
    ],
  },
  decline: {
    summary: T(
      '预警与挽回：监控话务量变化和消费异常，查明原因（服务失败、竞争、特殊原因），针对原因采取措施，使客户恢复稳定。',
      'Warn and restore: watch traffic and unusual spending, find the cause (service failure, competition, special reasons), act on that cause and bring the customer back to a stable state.',
    ),
    steps: [
      T('分析、监控话务量变化，及时发现消费异常', 'Watch the traffic and catch unusual spending early'),
      T('归因：服务失败、竞争或特殊原因，记入行动台账', 'Attribute the cause (service failure, competition or special) and log it in the actions ledger'),
      T('密切了解竞争态势，针对原因制定挽回措施，到期复盘是否恢复稳定', 'Watch the competition, act on the cause, and re-check whether the group is stable again'),
    ],
  },
  exited: {
    summary: T(
      '赢回或放弃：比较恢复关系与结束关系的可预期收益；仍有潜在价值且可挽回的制定赢回方案，挽回成本过高的果断而得体地放弃，保持良好口碑。',
      'Win back or let go: compare the expected return of restoring the relationship with that of ending it; win back the groups that still have potential value and can be recovered, and let go of those that cost too much, tactfully, keeping a good name.',
    ),
    steps: [
      T('比较恢复关系与结束关系的可预期收益', 'Compare the expected return of restoring the relationship with that of ending it'),
      T('有潜在价值、可挽回的：制定赢回方案；耗费资源的：得体地放弃', 'Potential value and recoverable: plan the win-back; a drain on resources: let go, tactfully'),
      T('调查离网原因，记入离网客户资料，供产品设计与情景推演参考', 'Find out why the group left and record it, for product design and scenario planning'),
    ],
  },
};

/** The recommended approach of a stage. */
export function stageApproach(stage: Stage): StageApproach {
  const a = APPROACH[stage];
  return { stage, label: STAGE_LABELS[stage], summary: a.summary, steps: a.steps, source: SOURCE };
}

/** Every stage's approach, in stage order. */
export const STAGE_APPROACHES: Readonly<Record<Stage, StageApproach>> = Object.fromEntries(STAGES.map((s) => [s, stageApproach(s)])) as Record<Stage, StageApproach>;

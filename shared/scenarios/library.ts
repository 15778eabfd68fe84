/**
 * The shipped scenario library (docs/domain.md §6, seeds 000 and 003): nine
 * competitor moves, the counter-measures, and the tactics cards. Ranges are
 * judgement calls grounded in the seeds; each item says why in `basis`. The
 * user's edits are stored separately (LibraryEdits) and merged over these by
 * id, so "reset to shipped" just drops the edit.
 *
 * Meaning of the numbers (see shared/scenarios/README.md):
 * - lossProbability: chance the move takes the whole group within the
 *   scenario horizon, at intensity 1;
 * - diversionShare: share of the bill diverted (handsets, lines, members
 *   moving) while the group stays;
 * - lossReduction / diversionReduction: relative cut of those by a measure.
 */
import type { CompetitorMove, CounterMeasure, GroupFilter, LibraryEdits, LocalText, Range3, ScenarioLibrary, Tactic } from './types';

const T = (zh: string, en: string): LocalText => ({ zh, en });
const R = (low: number, likely: number, high: number): Range3 => ({ low, likely, high });

const LARGE: GroupFilter = { groupClasses: ['A1', 'A2', 'B1', 'B2'] };

function move(
  id: string,
  name: LocalText,
  description: LocalText,
  basis: LocalText,
  exposes: GroupFilter,
  lossProbability: Range3,
  diversionShare: Range3,
): CompetitorMove {
  return { id, name, description, basis, exposes, lossProbability, diversionShare, shipped: true, disabled: false };
}

export const SHIPPED_MOVES: readonly CompetitorMove[] = [
  move(
    'leader-handsets',
    T('领导赠机', 'Free handsets to leaders'),
    T(
      '竞争对手向集团领导和关键人免费赠送手机，不设保底、不要预存，借领导影响带动下属转网。',
      'The competitor gives free handsets to the group’s leaders and key people, with no minimum spend or prepayment; the leaders’ authority then pulls the staff over.',
    ),
    T(
      '种子000 §3.2 第1条；关键人先被策反，监测发现时多数成员已流失。大中型集团（A/B类）且已有异网时暴露。',
      'Seed 000 §3.2 #1; the key people fall first and most members are gone when monitoring notices. Exposes large groups (class A/B) where a competitor is already present.',
    ),
    { ...LARGE, competitorPresent: true },
    R(0.05, 0.12, 0.25),
    R(0.03, 0.08, 0.15),
  ),
  move(
    'welfare-handsets',
    T('福利机', 'Welfare handsets'),
    T(
      '通过与单位高层的关系，由单位出资购买对手的手机作为员工福利统一发放。',
      'Through the unit’s top leaders, the unit buys the competitor’s handsets and hands them out as staff welfare.',
    ),
    T(
      '种子000 §3.2 第2条；有预算的单位（政府、教育、医疗、金融）的A/B类集团最易发生，成员随手机转移。',
      'Seed 000 §3.2 #2; most likely at class A/B units with budgets (government, education, health, finance); members follow the handsets.',
    ),
    { ...LARGE, industries: ['政府', '教育', '医疗', '金融'] },
    R(0.05, 0.1, 0.2),
    R(0.05, 0.12, 0.25),
  ),
  move(
    'opaque-prepaid',
    T('不透明的预存送机', 'Opaque prepaid-handset deals'),
    T(
      '以预存话费送手机、送话费的方式吸引成员，宣传中淡化最低消费条件。',
      'Prepaid airtime with a free handset and credit, the minimum-spend condition played down in the publicity.',
    ),
    T(
      '种子000 §3.2 第3条；针对成员个人，整体转网少、分流多。凡有异网的集团都会遇到。',
      'Seed 000 §3.2 #3; aimed at members one by one: few whole-group losses, more diversion. Any group with a competitor present.',
    ),
    { competitorPresent: true },
    R(0.02, 0.05, 0.1),
    R(0.03, 0.07, 0.12),
  ),
  move(
    'wiring-for-switch',
    T('电信整体转网攻击（楼宇综合布线换整体转网）', 'Telecom whole-group switch (building wiring for a switch)'),
    T(
      '对手投资单位楼宇弱电综合布线建设或改造，换取整体转网协议。',
      'The competitor invests in the building’s low-voltage wiring, built or upgraded, in exchange for a whole-group switch agreement.',
    ),
    T(
      '种子000 §3.2 第4条；电信凭固网与政企关系的深度捆绑，是集团市场的主攻方。要么整体转走、要么守住，故流失概率高、分流低。暴露条件：异网情况含电信。',
      'Seed 000 §3.2 #4; Telecom’s fixed network and government ties make it the main attacker. All or nothing: a high loss probability, little diversion. Exposes groups where Telecom is present.',
    ),
    { competitors: ['电信'] },
    R(0.1, 0.25, 0.45),
    R(0, 0.05, 0.1),
  ),
  move(
    'resource-swap-cash',
    T('资源互换返现', 'Resource swaps paid as cash'),
    T(
      '与有业务往来的单位进行资源互换，把批量手机折算成现金返给集团单位。',
      'With units it does business with, the competitor swaps resources: bulk handsets converted to cash paid to the unit.',
    ),
    T(
      '种子000 §3.2 第5条；多见于有采购往来的企业（制造、物流、零售、建筑、交通）。',
      'Seed 000 §3.2 #5; seen at businesses with trade ties (manufacturing, logistics, retail, construction, transport).',
    ),
    { industries: ['制造', '物流', '零售', '建筑', '交通'], competitorPresent: true },
    R(0.05, 0.12, 0.22),
    R(0.05, 0.1, 0.2),
  ),
  move(
    'bundle-discounts',
    T('专线、宽带、语音折扣捆绑手机', 'Line, broadband and voice discounts bundled with handsets'),
    T(
      '对专线、宽带和固话给予折扣，同时赠送或捆绑手机。',
      'Discounts on dedicated lines, broadband and voice, with handsets given free or bundled.',
    ),
    T(
      '种子000 §3.2 第6条与 §4：有电信固网的集团会遇到交叉补贴式的折扣捆绑。',
      'Seed 000 §3.2 #6 and §4: groups with a Telecom fixed line meet cross-subsidised bundle discounts.',
    ),
    { competitors: ['电信'] },
    R(0.04, 0.1, 0.18),
    R(0.08, 0.15, 0.25),
  ),
  move(
    'all-staff-marketing',
    T('全员营销逐步蚕食', 'All-staff marketing, eroding bit by bit'),
    T(
      '整体转网受阻后，对手转而全员营销，并以大众宽带、固话捆绑的粘性逐步蚕食集团成员。',
      'Once a whole-group switch is blocked, the competitor turns to all-staff marketing and mass-market broadband and fixed-line bundles to eat into the group bit by bit.',
    ),
    T(
      '种子000 §2.2、§3.2 第7条；以分流为主，很少整体流失。',
      'Seed 000 §2.2 and §3.2 #7; mostly diversion, rarely a whole-group loss.',
    ),
    { competitorPresent: true },
    R(0.01, 0.03, 0.06),
    R(0.1, 0.18, 0.3),
  ),
  move(
    'handset-alliance',
    T('终端联盟攻击（旗舰机合约）', 'Handset-alliance attack (flagship deals)'),
    T(
      '联通借苹果等终端厂商之势，以旗舰机合约吸引高价值成员。',
      'Unicom rides Apple-style handset partners with flagship contract deals aimed at high-value members.',
    ),
    T(
      '种子000 §3.1：联通借势营销、逐步蚕食；针对异网情况含联通的集团，以成员分流为主。',
      'Seed 000 §3.1: Unicom’s partner-driven marketing erodes the base gradually; groups where Unicom is present, mostly member diversion.',
    ),
    { competitors: ['联通'] },
    R(0.02, 0.05, 0.1),
    R(0.05, 0.1, 0.18),
  ),
  move(
    'sme-tariff-war',
    T('中小企业资费战', 'Tariff war on SMEs'),
    T(
      '对手以资费优惠集中攻击中小集团（C/D类），价格是中小企业转网的第一原因。',
      'The competitor attacks small and medium groups (class C/D) with tariff offers; price is the first reason SMEs switch.',
    ),
    T(
      '种子003：遭攻击的C类集团转网意向高达59%（取为上限；意向不全变成转网，最可能取一半约30%），资费优惠是中小企业转网的最大原因；无客户经理的“管理真空”更易流失。',
      'Seed 003: 59% of attacked class-C groups intended to switch (taken as the high end; not every intention becomes a switch, so about half, 30%, is likely); price is the first cause of SME switching; groups in a “management vacuum” churn more.',
    ),
    { groupClasses: ['C', 'D'] },
    R(0.15, 0.3, 0.59),
    R(0.05, 0.12, 0.2),
  ),
];

function counter(
  id: string,
  name: LocalText,
  description: LocalText,
  basis: LocalText,
  fits: GroupFilter,
  cost: CounterMeasure['cost'],
  lossReduction: Range3,
  diversionReduction: Range3,
  leadMonths: number,
  answers: string[],
  discountShare: number | null,
): CounterMeasure {
  return { id, name, description, basis, fits, cost, lossReduction, diversionReduction, leadMonths, answers, discountShare, shipped: true, disabled: false };
}

export const SHIPPED_COUNTERS: readonly CounterMeasure[] = [
  counter(
    'product-bundling',
    T('产品捆绑（V网、集团短信、彩铃）', 'Product bundling (V-net, group SMS, ring-back)'),
    T('为集团开通或扩大集团V网、集团短信、集团彩铃等产品，提高成员的转网成本。', 'Add or widen the group V-net, group SMS and ring-back so members face a higher switching cost.'),
    T('种子000 “捆”的产品维度：捆绑越深流失越少；种子003 集团V网、短号增员。', 'Seed 000, product binding: bound groups churn less; seed 003 V-net and short-number growth.'),
    {},
    { perGroup: 800, revenueShare: 0.02, oneOff: 0 },
    R(0.1, 0.2, 0.3),
    R(0.15, 0.25, 0.35),
    1,
    ['opaque-prepaid', 'bundle-discounts', 'all-staff-marketing', 'handset-alliance', 'sme-tariff-war'],
    null,
  ),
  counter(
    'interest-bundling',
    T('利益捆绑（积分、亲情号码）', 'Interest bundling (points, family numbers)'),
    T('以集团积分、亲情号码等利益把成员与集团账户绑定。', 'Tie members to the group account with group points and family-number offers.'),
    T('种子001–002 O5 主动关怀法：积分与亲情号码抑制转网和网内换号。', 'Seeds 001–002, O5 proactive care: points and family numbers curb switching and number changes.'),
    {},
    { perGroup: 300, revenueShare: 0.03, oneOff: 0 },
    R(0.05, 0.12, 0.2),
    R(0.1, 0.18, 0.25),
    1,
    ['handset-alliance', 'all-staff-marketing', 'sme-tariff-war', 'opaque-prepaid'],
    0.03,
  ),
  counter(
    'customised-handsets',
    T('定制终端', 'Customised handsets'),
    T('为集团定制终端（含行业应用），以自有终端方案回应对手送机。', 'Offer the group customised handsets (with industry apps) as our answer to free handsets.'),
    T('种子000 §3.3：手机 + WLAN + 增值业务的组合回应；适合有规模的A/B类集团。', 'Seed 000 §3.3: handset + WLAN + value-added bundle as the response; fits class A/B groups with scale.'),
    LARGE,
    { perGroup: 5000, revenueShare: 0.05, oneOff: 0 },
    R(0.15, 0.3, 0.45),
    R(0.15, 0.3, 0.45),
    2,
    ['leader-handsets', 'welfare-handsets', 'opaque-prepaid', 'handset-alliance', 'bundle-discounts'],
    null,
  ),
  counter(
    'prepay-credit',
    T('话费预存与赠送', 'Call-credit and prepay offers'),
    T('预存话费送话费，锁定一段时间的消费。', 'Prepaid airtime with bonus credit, locking in spend for a period.'),
    T('种子000 “捆”的成本维度（预存）；相当于约8%的账单让利。', 'Seed 000, cost binding (prepayment); amounts to about an 8% cut of the bill.'),
    {},
    { perGroup: 0, revenueShare: 0.08, oneOff: 0 },
    R(0.1, 0.2, 0.35),
    R(0.1, 0.2, 0.3),
    0,
    ['opaque-prepaid', 'resource-swap-cash', 'bundle-discounts', 'sme-tariff-war'],
    0.08,
  ),
  counter(
    'contract-renewal',
    T('续约并预存', 'Contract renewal with prepayment'),
    T('提前与到期或无协议的集团续签协议，配合预存锁定。', 'Renew early with groups whose contract is ending (or missing), with a prepayment lock-in.'),
    T('种子000 “捆”的成本维度；DOMAIN §5：协议90天内到期是预警信号。适合12个月内到期或无协议的集团。', 'Seed 000 cost binding; DOMAIN §5: a contract ending within 90 days is a warning signal. Fits groups whose contract ends within 12 months or who have none.'),
    { contractEndWithinMonths: 12 },
    { perGroup: 1000, revenueShare: 0.05, oneOff: 0 },
    R(0.3, 0.45, 0.6),
    R(0.05, 0.1, 0.15),
    1,
    [],
    0.05,
  ),
  counter(
    'chief-account-manager',
    T('首席客户经理覆盖', 'Chief-account-manager coverage'),
    T('指派首席客户经理牵头，一人对一集团负责，定期走访。', 'A chief account manager leads: one person accountable for one group, regular visits.'),
    T('种子003：有客户经理的集团流失率约2%，无客户经理约30%；种子000：一人对一集团的考核机制。', 'Seed 003: about 2% churn with an account manager vs 30% without; seed 000: one person accountable per group.'),
    {},
    { perGroup: 6000, revenueShare: 0, oneOff: 0 },
    R(0.2, 0.35, 0.5),
    R(0.05, 0.1, 0.2),
    1,
    [],
    null,
  ),
  counter(
    'service-upgrade',
    T('服务升级（专线等级、绿色通道）', 'Service upgrade (line grade, green channel)'),
    T('提升专线保障等级，开通故障处理绿色通道。', 'Raise the line’s assurance tier and open a green channel for faults.'),
    T('种子000 §2.4 与 §4：钻石/金牌/银牌/标准保障等级，4小时未恢复即超时。', 'Seed 000 §2.4 and §4: diamond/gold/silver/standard assurance, 4 hours unrestored counts as overtime.'),
    LARGE,
    { perGroup: 3000, revenueShare: 0.01, oneOff: 0 },
    R(0.1, 0.2, 0.3),
    R(0.05, 0.1, 0.15),
    2,
    ['wiring-for-switch', 'bundle-discounts', 'all-staff-marketing'],
    null,
  ),
  counter(
    'ict-solution',
    T('ICT信息化解决方案', 'ICT solution'),
    T('为集团建设信息化应用（OA、行业应用、专线组网），从通信供应商变为信息化伙伴。', 'Build ICT for the group (OA, industry apps, private network) and move from supplier to ICT partner.'),
    T('种子003 §1.9：运营商投资、分期回收以实现客户绑定；见效慢（约4个月），需一次性方案投入。', 'Seed 003 §1.9: the operator invests and recovers in instalments to lock the customer in; slow to take effect (about 4 months), with a one-off solution cost.'),
    LARGE,
    { perGroup: 20000, revenueShare: 0, oneOff: 50000 },
    R(0.25, 0.4, 0.6),
    R(0.1, 0.2, 0.3),
    4,
    ['wiring-for-switch', 'resource-swap-cash', 'bundle-discounts', 'welfare-handsets'],
    null,
  ),
  counter(
    'tenure-rewards',
    T('在网时长奖励', 'Tenure rewards'),
    T('按在网年限给予月租减免等奖励，“越老越有价值”。', 'Rewards by tenure, such as rent-free months: “the older, the more valuable”.'),
    T('种子001–002 O5：VIP 每年免一个月月租，在网越久免得越多，抑制转网。', 'Seeds 001–002 O5: VIPs get one month rent-free per year, more the longer the tenure, curbing switching.'),
    {},
    { perGroup: 200, revenueShare: 0.02, oneOff: 0 },
    R(0.05, 0.1, 0.18),
    R(0.05, 0.1, 0.15),
    0,
    ['all-staff-marketing', 'handset-alliance', 'sme-tariff-war'],
    0.02,
  ),
  counter(
    'key-person-care',
    T('关键人关系维系', 'Key-person relationship work'),
    T('按规走访决策者与联络人，了解需求、解决问题；不送礼、不以利益影响公职人员。', 'Visit the decision maker and the contact by the rules, learn their needs and fix problems; no gifts, no inducements to officials.'),
    T('种子000 §1.6：先保住决策者与联络人，关键人是最先被策反的。', 'Seed 000 §1.6: secure the decision maker and contact first; the key people are the first to be turned.'),
    LARGE,
    { perGroup: 2000, revenueShare: 0, oneOff: 0 },
    R(0.15, 0.3, 0.45),
    R(0.02, 0.05, 0.1),
    0,
    ['leader-handsets', 'welfare-handsets', 'wiring-for-switch', 'resource-swap-cash'],
    null,
  ),
  counter(
    'value-combination',
    T('重组价值组合（替代单纯降价）', 'Re-priced value combination instead of a plain discount'),
    T('调整可变量，以新的价值组合回应降价要求，而不是直接降低报价。', 'Change the variables of the offer: answer a price demand with a new value combination rather than a lower quote.'),
    T('种子000 §3.5：价格不是唯一的利益原因；降价应是新的价值组合。种子003：反对低价贱卖。', 'Seed 000 §3.5: price is not the only reason to buy; a lower price should be a new value combination. Seed 003: against cheap dumping.'),
    {},
    { perGroup: 500, revenueShare: 0.06, oneOff: 0 },
    R(0.15, 0.25, 0.4),
    R(0.15, 0.25, 0.35),
    1,
    ['sme-tariff-war', 'bundle-discounts', 'opaque-prepaid'],
    0.1,
  ),
  counter(
    'price-cut',
    T('直接降价', 'Plain price cut'),
    T('直接下调资费以匹配对手报价。效果快但代价大，可能低于毛利。', 'Cut the tariff to match the competitor. Fast but costly, and may go below the margin.'),
    T('种子000 §3.5 与种子003：常见错误是认定价格决定一切；保留此项以便对比，并由毛利护栏提示。', 'Seed 000 §3.5 and seed 003: the common mistake is to think price decides everything; kept for comparison, flagged by the margin guardrail.'),
    {},
    { perGroup: 0, revenueShare: 0.35, oneOff: 0 },
    R(0.2, 0.35, 0.5),
    R(0.3, 0.5, 0.7),
    0,
    ['sme-tariff-war', 'bundle-discounts', 'opaque-prepaid', 'resource-swap-cash'],
    0.35,
  ),
];

function tactic(id: Tactic['id'], kind: Tactic['kind'], name: LocalText, when: LocalText, guidance: LocalText, reason: LocalText | null, appliesTo: GroupFilter): Tactic {
  return { id, kind, name, when, guidance, reason, appliesTo };
}

/** Tactics by relative position (seed 000 §3.4). 借力 and 陷阱 are threats to recognise, never advice. */
export const TACTICS: readonly Tactic[] = [
  tactic(
    'strength',
    'advice',
    T('以强制弱', 'Use strength against weakness'),
    T('我方在该集团明显占优：产品组合、服务质量、方案、品牌或网络。', 'We clearly lead at this group: product mix, service quality, solution, brand or network.'),
    T('集中资源正面竞争，压倒对手；达成目标最直接的办法。', 'Concentrate resources on a head-on contest and overwhelm the rival: the most direct way to the target.'),
    null,
    { quadrantCells: ['defend', 'maintain'] },
  ),
  tactic(
    'disintegrate',
    'advice',
    T('瓦解', 'Disintegrate'),
    T('对手已占据集团的一个部门。', 'The rival holds one department of the group.'),
    T('把我方产品扩展到集团的其他部门，让多部门共同使用决定结果。', 'Spread our products across the group’s other departments so that multi-department use decides the outcome.'),
    null,
    { competitorPresent: true },
  ),
  tactic(
    'flank',
    'advice',
    T('迂回', 'Flank'),
    T('对手在现有评判标准（如价格、终端）上占优。', 'The rival wins on the current criteria (price, handsets).'),
    T('改变比较标准，把竞争引到我方强项（如技术支持、服务），或把短期需求扩展到中长期。', 'Change the criteria towards our strengths (technical support, service), or widen the scope from short-term to longer-term needs.'),
    null,
    { competitorPresent: true },
  ),
  tactic(
    'wedge',
    'advice',
    T('分割', 'Wedge in'),
    T('我方整体弱于对手。', 'We are weaker than the rival overall.'),
    T('以独特的产品或服务切入，与对手共存，逐步渗透。', 'Enter with a unique product or service, coexist with the rival and infiltrate step by step.'),
    null,
    { quadrantCells: ['save', 'standard'] },
  ),
  tactic(
    'delay',
    'advice',
    T('拖延', 'Delay'),
    T('我方明显不利、对手即将成交、我方方案还需准备时间。', 'We are far behind, the rival is about to close, and our offer needs more time.'),
    T('放慢客户的决策进程，为我方争取准备时间。', 'Slow the customer’s decision to gain time to prepare.'),
    null,
    { zones: ['red'] },
  ),
  tactic(
    'leverage',
    'threat',
    T('借力（识别对手）', 'Leverage (recognise it)'),
    T('决策受关系驱动的集团。', 'Groups where relationships drive the decision.'),
    T('留意对手是否通过亲属、前任上级等第三方影响决策小组；我方以合规方式维系关键人。', 'Watch for a rival working on the decision committee through relatives or former superiors; we keep key-person work within the rules.'),
    T('依赖对公职人员施加影响或利益输送，不合规，不作为建议。', 'It relies on influencing or inducing officials: not compliant, never advice.'),
    { industries: ['政府', '教育', '医疗'] },
  ),
  tactic(
    'decoy',
    'threat',
    T('陷阱（识别对手）', 'Decoy (recognise it)'),
    T('信息不透明、对手掌握内部消息的招标。', 'Opaque tenders where the rival holds inside information.'),
    T('警惕对手先抛出诱饵方案、最后阶段才亮出真实报价；要求明确的评标标准。', 'Beware a rival floating a decoy offer and revealing the real one at the last stage; ask for clear evaluation criteria.'),
    T('属于蓄意欺骗，不道德，不作为建议。', 'It is deliberate deception: unethical, never advice.'),
    {},
  ),
];

export function shippedLibrary(): ScenarioLibrary {
  return { moves: [...SHIPPED_MOVES], counters: [...SHIPPED_COUNTERS], tactics: [...TACTICS] };
}

export const EMPTY_EDITS: LibraryEdits = { version: 1, moves: [], counters: [] };

function mergeById<T extends { id: string }>(shipped: readonly T[], edits: readonly T[]): T[] {
  const byId = new Map(edits.map((e) => [e.id, e]));
  const out = shipped.map((s) => byId.get(s.id) ?? s);
  const shippedIds = new Set(shipped.map((s) => s.id));
  for (const e of edits) if (!shippedIds.has(e.id)) out.push(e);
  return out;
}

/** shipped ⊕ edits: an edit replaces the shipped item of the same id; new ids are appended. */
export function mergeLibrary(edits: LibraryEdits): ScenarioLibrary {
  return {
    moves: mergeById(SHIPPED_MOVES, edits.moves).map((m) => ({ ...m, shipped: SHIPPED_MOVES.some((s) => s.id === m.id) })),
    counters: mergeById(SHIPPED_COUNTERS, edits.counters).map((c) => ({ ...c, shipped: SHIPPED_COUNTERS.some((s) => s.id === c.id) })),
    tactics: [...TACTICS],
  };
}

export type LibraryItem = { kind: 'move'; item: CompetitorMove } | { kind: 'counter'; item: CounterMeasure };

/** Saves one move or counter as an edit (create, edit, disable: all the same operation). */
export function withLibraryEdit(edits: LibraryEdits, change: LibraryItem): LibraryEdits {
  if (change.kind === 'move') {
    const shipped = SHIPPED_MOVES.some((s) => s.id === change.item.id);
    const item = { ...change.item, shipped };
    return { ...edits, moves: [...edits.moves.filter((m) => m.id !== item.id), item] };
  }
  const shipped = SHIPPED_COUNTERS.some((s) => s.id === change.item.id);
  const item = { ...change.item, shipped };
  return { ...edits, counters: [...edits.counters.filter((c) => c.id !== item.id), item] };
}

/**
 * Reset: a shipped item goes back to its shipped form; a user-created item is
 * removed. Without an id, every edit is dropped.
 */
export function resetLibraryEdit(edits: LibraryEdits, kind: 'move' | 'counter' | 'all', id?: string): LibraryEdits {
  if (kind === 'all') return EMPTY_EDITS;
  if (kind === 'move') return { ...edits, moves: id === undefined ? [] : edits.moves.filter((m) => m.id !== id) };
  return { ...edits, counters: id === undefined ? [] : edits.counters.filter((c) => c.id !== id) };
}

/** A fresh id for a clone or a new item, unique in the library. */
export function uniqueLibraryId(library: ScenarioLibrary, base: string): string {
  const taken = new Set([...library.moves.map((m) => m.id), ...library.counters.map((c) => c.id)]);
  const stem = base.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40) || 'item';
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) {
    const id = `${stem}-${i}`.slice(0, 48);
    if (!taken.has(id)) return id;
  }
}

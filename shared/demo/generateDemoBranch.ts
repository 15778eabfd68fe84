/**
 * A realistic, fully deterministic demo branch (区县分公司): ~600 group
 * customers with 24 months of billing, plus planted behaviours (see
 * "Planted behaviours" below: decline led by precursors, early warnings,
 * one-off dips, sudden losses, noise) so that analytics and warnings have
 * something true — and something hard — to find. Same options → deep-equal output. Only the seeded RNG from
 * shared/util/random is used; no clocks.
 */
import type { Group, MonthlyFact, Portfolio } from '../model/portfolio';
import { addMonths, periodIndex, periodRange } from '../util/period';
import { createRng, type Rng } from '../util/random';

export interface DemoOptions {
  /** default 20241 */
  seed?: number;
  /** default 600 */
  groups?: number;
  /** default 24 */
  months?: number;
  /** last billing period, YYYY-MM; default '2026-10' */
  endPeriod?: string;
  /** default '滨江区分公司' */
  branchName?: string;
}

export interface DemoBranch {
  branchName: string;
  seed: number;
  /** ascending YYYY-MM */
  periods: string[];
  portfolio: Portfolio;
  /** groupCodes per planted behaviour, each list sorted; the lists are disjoint */
  planted: {
    growing: string[];
    /** decline under way in the last month; traffic, members and off-net share moved 1–3 months before revenue */
    declining: string[];
    /** fell for 2 months, then no revenue for the last 2–4 months */
    lost: string[];
    stable: string[];
    /** precursors in the last 1–3 months, revenue not down yet */
    early: string[];
    /** declined (precursors first) earlier in the history, then settled at the lower level */
    pastDecline: string[];
    /** a one-off billing dip that recovered the next month */
    dip: string[];
    /** lost from one month to the next without any precursor */
    sudden: string[];
    /** a permanent revenue cut without any change in members or traffic before it */
    stepDown: string[];
    /** precursors showed for a few months, then the group was kept: revenue never fell */
    retained: string[];
  };
  /** when each planted story happens (period of the revenue event; precursorsFrom for the stories with precursors) */
  events: Record<'declining' | 'pastDecline' | 'early' | 'retained' | 'dip' | 'sudden' | 'stepDown', PlantedEvent[]>;
}

export interface PlantedEvent {
  groupCode: string;
  /** declining kinds/stepDown: first month of lower revenue; dip: the dip; sudden: first month at zero (may lie after the last period for early) */
  period: string;
  /** first month of the precursors (traffic, members, off-net share) */
  precursorsFrom?: string;
}

export const DEMO_DEFAULTS = {
  seed: 20241,
  groups: 600,
  months: 24,
  endPeriod: '2026-10',
  branchName: '滨江区分公司',
} as const;

// ---------------------------------------------------------------------------
// Reference lists

type Cls = 'A1' | 'A2' | 'B1' | 'B2' | 'C' | 'D';
const CLASSES: readonly Cls[] = ['A1', 'A2', 'B1', 'B2', 'C', 'D'];

type Industry = '政府' | '教育' | '医疗' | '金融' | '制造' | '酒店' | '交通' | '物流' | '零售' | '建筑' | '互联网';
const INDUSTRIES: readonly Industry[] = ['政府', '教育', '医疗', '金融', '制造', '酒店', '交通', '物流', '零售', '建筑', '互联网'];
const INDUSTRY_WEIGHTS: readonly number[] = [7, 10, 6, 6, 20, 5, 4, 9, 12, 9, 12];

const REGIONS: readonly string[] = ['西兴片区', '长河片区', '浦沿片区', '高新片区', '滨江城区'];
const REGION_WEIGHTS: readonly number[] = [22, 18, 18, 24, 18];

const ACCOUNT_MANAGERS: readonly string[] = [
  '王海峰', '李静', '张伟', '陈晓燕', '刘洋', '杨帆',
  '赵敏', '黄志强', '周婷', '吴俊杰', '徐丽华', '孙浩',
];

const COMPETITORS: readonly string[] = ['无', '电信', '联通', '电信,联通'];

const PLACES: readonly string[] = [
  '西兴', '长河', '浦沿', '江南', '闻涛', '星民', '江晖', '钱塘', '滨文', '彩虹',
  '东信', '冠山', '白马湖', '六和', '月明', '春波', '缤纷', '秋溢', '江边', '聚才',
  '伟业', '滨安', '海威', '奥体', '江虹', '滨兴', '丹枫', '协同', '潮人', '网商',
];
const STREETS: readonly string[] = ['西兴', '长河', '浦沿'];
const BRAND_FIRST: readonly string[] = [
  '恒', '华', '鼎', '瑞', '博', '中', '金', '宏', '天', '盛', '浙', '嘉', '正', '永', '海',
  '信', '德', '富', '安', '联', '星', '汇', '东', '君', '锦', '泰', '明', '远', '创', '卓',
];
const BRAND_SECOND: readonly string[] = [
  '达', '锐', '盛', '丰', '通', '邦', '源', '腾', '诚', '泰', '科', '宇', '和', '凯', '晟',
  '辉', '成', '昌', '阳', '耀', '隆', '翔', '润', '航', '峰',
];
const ORDINALS: readonly string[] = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];
const BANKS: readonly string[] = [
  '中国工商银行', '中国建设银行', '中国农业银行', '中国银行', '交通银行', '杭州银行',
  '浙商银行', '招商银行', '浙江农商银行', '中信银行',
];
const INSURERS: readonly string[] = [
  '中国人寿保险股份有限公司', '中国平安财产保险股份有限公司', '中国太平洋人寿保险股份有限公司',
  '中国人民财产保险股份有限公司', '新华人寿保险股份有限公司',
];
const PRODUCTS: readonly string[] = [
  '精密机械', '电子科技', '新材料', '汽车零部件', '电气设备', '光电科技', '智能装备', '包装材料',
  '五金制品', '仪器仪表', '塑胶制品', '电线电缆', '阀门', '环保设备', '医疗器械', '纺织',
];

/** Spring Festival (春节) dates; the dip lands in Jan or Feb depending on the year. */
const SPRING_FESTIVAL: Readonly<Record<number, readonly [number, number]>> = {
  2018: [2, 16], 2019: [2, 5], 2020: [1, 25], 2021: [2, 12], 2022: [2, 1], 2023: [1, 22],
  2024: [2, 10], 2025: [1, 29], 2026: [2, 17], 2027: [2, 6], 2028: [1, 26], 2029: [2, 13],
  2030: [2, 3], 2031: [1, 23], 2032: [2, 11], 2033: [1, 31], 2034: [2, 19], 2035: [2, 8],
};

// ---------------------------------------------------------------------------
// Small helpers

const round2 = (x: number): number => Math.round(x * 100) / 100;
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const logUniform = (rng: Rng, lo: number, hi: number): number => lo * Math.pow(hi / lo, rng.next());
const uniform = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng.next();
/** multiplicative noise 1 + sd·z, z clipped to ±3 */
const noise = (rng: Rng, sd: number): number => 1 + sd * clamp(rng.normal(), -3, 3);
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`index ${index} out of range`);
  return item;
}

function mixSeed(seed: number, index: number): number {
  let h = (seed ^ 0x5bd1e995) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x27d4eb2d) >>> 0;
  h = (h + Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Seasonal factors for revenue and minutes (Spring Festival dip). */
export function seasonalFactors(period: string): { revenue: number; minutes: number } {
  const index = periodIndex(period);
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const sf = SPRING_FESTIVAL[year] ?? ([2, 10] as const);
  const [sfMonth, sfDay] = sf;
  let main: number;
  let secondary: number;
  if (sfMonth === 1) {
    main = 1;
    secondary = 2;
  } else if (sfDay >= 15) {
    main = 2;
    secondary = 3;
  } else {
    main = 2;
    secondary = 1;
  }
  if (month === main) return { revenue: 0.91, minutes: 0.87 };
  if (month === secondary) return { revenue: 0.97, minutes: 0.95 };
  return { revenue: 1, minutes: 1 };
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------
// Names

interface NameParts {
  rng: Rng;
  district: string; // 滨江区
  districtShort: string; // 滨江
}

type Template = (p: NameParts) => string;

/** two-character brand words that would read as a real operator or a well-known company */
const BRAND_BLOCKLIST: ReadonlySet<string> = new Set(['联通', '中通', '海航', '华润', '华泰', '中泰', '安邦', '中科', '东航', '金盛', '富阳', '天和', '中和']);
function brand(p: NameParts): string {
  for (;;) {
    const word = p.rng.pick(BRAND_FIRST) + p.rng.pick(BRAND_SECOND);
    if (!BRAND_BLOCKLIST.has(word)) return word;
  }
}
const place = (p: NameParts): string => p.rng.pick(PLACES);
const ord = (p: NameParts, max = 9): string => at(ORDINALS, p.rng.int(0, max - 1));

const GOV_ORGANS: readonly string[] = [
  '财政局', '人力资源和社会保障局', '市场监督管理局', '住房和城乡建设局', '卫生健康局', '民政局',
  '司法局', '审计局', '统计局', '应急管理局', '城市管理局', '商务局', '科学技术局', '农业农村局',
  '发展和改革局', '退役军人事务局', '医疗保障局', '教育局', '文化和广电旅游体育局', '人民法院',
  '人民检察院', '行政服务中心', '融媒体中心', '人民政府办公室', '档案馆', '机关事务管理中心',
];

const TEMPLATES: Readonly<Record<Industry, { big: readonly Template[]; small: readonly Template[] }>> = {
  政府: {
    big: [
      (p) => p.district + p.rng.pick(GOV_ORGANS),
      (p) => p.district + p.rng.pick(GOV_ORGANS),
      (p) => `杭州市公安局${p.districtShort}分局`,
      (p) => `国家税务总局杭州市${p.district}税务局`,
      (p) => `杭州市生态环境局${p.district}分局`,
      (p) => `杭州市规划和自然资源局${p.districtShort}分局`,
      (p) => `${p.district}${p.rng.pick(STREETS)}街道办事处`,
      (p) => `${p.district}消防救援大队`,
    ],
    small: [
      (p) => `${p.district}${p.rng.pick(STREETS)}街道${place(p)}社区居民委员会`,
      (p) => `${p.district}${p.rng.pick(STREETS)}街道${place(p)}社区居民委员会`,
      (p) => `${p.district}${p.rng.pick(STREETS)}街道综合行政执法队`,
      (p) => p.district + p.rng.pick(GOV_ORGANS),
    ],
  },
  教育: {
    big: [
      (p) => `杭州${place(p)}高级中学`,
      (p) => `${p.district}${place(p)}实验小学`,
      (p) => `杭州市${place(p)}中学`,
      (p) => `杭州${brand(p)}外国语学校`,
      (p) => `浙江${brand(p)}职业技术学院`,
    ],
    small: [
      (p) => `${p.district}${place(p)}小学`,
      (p) => `${p.district}${place(p)}幼儿园`,
      (p) => `${p.district}${place(p)}第${ord(p, 3)}幼儿园`,
      (p) => `${p.district}${place(p)}初级中学`,
      (p) => `杭州${brand(p)}教育培训学校`,
      (p) => `杭州${brand(p)}艺术培训中心`,
    ],
  },
  医疗: {
    big: [
      (p) => `${p.district}第${ord(p, 4)}人民医院`,
      (p) => `${p.district}中医院`,
      (p) => `${p.district}妇幼保健院`,
      (p) => `杭州${brand(p)}医院`,
      (p) => `杭州${brand(p)}口腔医院`,
      (p) => `${p.district}${place(p)}社区卫生服务中心`,
    ],
    small: [
      (p) => `杭州${brand(p)}口腔门诊部`,
      (p) => `${p.district}${place(p)}诊所`,
      (p) => `杭州${brand(p)}中医门诊部`,
      (p) => `杭州${brand(p)}大药房连锁有限公司`,
      (p) => `杭州${brand(p)}康复医疗中心`,
      (p) => `${p.district}${place(p)}社区卫生服务站`,
    ],
  },
  金融: {
    big: [
      (p) => `${p.rng.pick(BANKS)}杭州${place(p)}支行`,
      (p) => `${p.rng.pick(BANKS)}杭州${p.districtShort}支行`,
      (p) => `${p.rng.pick(INSURERS)}杭州市${p.district}支公司`,
      (p) => `${brand(p)}证券股份有限公司杭州${place(p)}营业部`,
    ],
    small: [
      (p) => `杭州${p.districtShort}${brand(p)}小额贷款股份有限公司`,
      (p) => `杭州${brand(p)}投资管理有限公司`,
      (p) => `杭州${brand(p)}保险代理有限公司`,
      (p) => `${p.rng.pick(BANKS)}杭州${place(p)}分理处`,
    ],
  },
  制造: {
    big: [
      (p) => `杭州${brand(p)}${p.rng.pick(PRODUCTS)}股份有限公司`,
      (p) => `浙江${brand(p)}${p.rng.pick(PRODUCTS)}集团有限公司`,
    ],
    small: [
      (p) => `杭州${brand(p)}${p.rng.pick(PRODUCTS)}有限公司`,
      (p) => `杭州${brand(p)}${p.rng.pick(PRODUCTS)}有限公司`,
      (p) => `杭州${p.districtShort}${brand(p)}${p.rng.pick(PRODUCTS)}厂`,
    ],
  },
  酒店: {
    big: [
      (p) => `杭州${brand(p)}大酒店`,
      (p) => `杭州${brand(p)}国际酒店`,
      (p) => `杭州${place(p)}${brand(p)}大酒店`,
    ],
    small: [
      (p) => `${p.district}${brand(p)}宾馆`,
      (p) => `杭州${brand(p)}商务酒店`,
      (p) => `杭州${brand(p)}酒店管理有限公司`,
      (p) => `杭州${place(p)}${brand(p)}快捷酒店`,
    ],
  },
  交通: {
    big: [
      (p) => `杭州${brand(p)}客运有限公司`,
      (p) => `杭州${brand(p)}出租汽车有限公司`,
      (p) => `杭州${place(p)}汽车客运站`,
      (p) => `杭州公交集团${p.districtShort}${brand(p)}分公司`,
    ],
    small: [
      (p) => `杭州${brand(p)}驾驶员培训有限公司`,
      (p) => `杭州${brand(p)}汽车租赁有限公司`,
      (p) => `杭州${brand(p)}停车管理有限公司`,
    ],
  },
  物流: {
    big: [
      (p) => `杭州${brand(p)}物流有限公司`,
      (p) => `浙江${brand(p)}供应链管理有限公司`,
      (p) => `杭州${brand(p)}国际货运代理有限公司`,
    ],
    small: [
      (p) => `杭州${brand(p)}物流有限公司`,
      (p) => `杭州${brand(p)}仓储有限公司`,
      (p) => `杭州${brand(p)}快递服务有限公司`,
      (p) => `杭州${brand(p)}搬家服务有限公司`,
    ],
  },
  零售: {
    big: [
      (p) => `杭州${brand(p)}商业集团有限公司`,
      (p) => `杭州${brand(p)}百货有限公司`,
      (p) => `杭州${brand(p)}购物中心有限公司`,
    ],
    small: [
      (p) => `${brand(p)}超市${place(p)}店`,
      (p) => `杭州${brand(p)}商贸有限公司`,
      (p) => `杭州${brand(p)}便利店有限公司`,
      (p) => `杭州${brand(p)}家居建材有限公司`,
      (p) => `${p.district}${brand(p)}食品商行`,
    ],
  },
  建筑: {
    big: [
      (p) => `浙江${brand(p)}建设集团有限公司`,
      (p) => `杭州${brand(p)}建筑工程有限公司`,
      (p) => `杭州${brand(p)}市政工程有限公司`,
    ],
    small: [
      (p) => `杭州${brand(p)}装饰工程有限公司`,
      (p) => `杭州${brand(p)}物业管理有限公司`,
      (p) => `杭州${brand(p)}园林绿化工程有限公司`,
      (p) => `杭州${brand(p)}建材有限公司`,
    ],
  },
  互联网: {
    big: [
      (p) => `杭州${brand(p)}网络科技股份有限公司`,
      (p) => `浙江${brand(p)}信息技术有限公司`,
      (p) => `杭州${brand(p)}数据科技有限公司`,
      (p) => `杭州${brand(p)}云计算有限公司`,
    ],
    small: [
      (p) => `杭州${brand(p)}网络科技有限公司`,
      (p) => `杭州${brand(p)}软件有限公司`,
      (p) => `杭州${brand(p)}信息科技有限公司`,
      (p) => `杭州${brand(p)}电子商务有限公司`,
      (p) => `杭州${brand(p)}智能科技有限公司`,
    ],
  },
};

// ---------------------------------------------------------------------------
// Group attributes

const isA = (c: Cls): boolean => c === 'A1' || c === 'A2';
const isB = (c: Cls): boolean => c === 'B1' || c === 'B2';

function classWeights(industry: Industry): number[] {
  const publicSector = industry === '政府' || industry === '医疗' || industry === '金融';
  const a = publicSector ? 2.5 : 1;
  const b = publicSector ? 1.8 : industry === '教育' ? 1.4 : 1;
  const d = industry === '零售' || industry === '建筑' || industry === '物流' ? 1.3 : 1;
  return [2 * a, 4 * a, 8 * b, 14 * b, 36, 36 * d];
}

const EMPLOYEES: Readonly<Record<Cls, readonly [number, number]>> = {
  A1: [1500, 6000],
  A2: [600, 2000],
  B1: [250, 800],
  B2: [100, 350],
  C: [25, 150],
  D: [6, 40],
};

function pickImportance(rng: Rng, c: Cls): string | null {
  const items = ['省重点', '市重点', null] as const;
  const w: Record<Cls, number[]> = {
    A1: [70, 30, 0],
    A2: [30, 60, 10],
    B1: [5, 50, 45],
    B2: [0, 20, 80],
    C: [0, 3, 97],
    D: [0, 0, 100],
  };
  return rng.weighted(items, w[c]);
}

function pickLineGrade(rng: Rng, c: Cls): string | null {
  const items = ['AAA', 'AA', 'A', '普通', null] as const;
  const w: Record<Cls, number[]> = {
    A1: [60, 40, 0, 0, 0],
    A2: [20, 50, 30, 0, 0],
    B1: [0, 15, 45, 35, 5],
    B2: [0, 0, 20, 50, 30],
    C: [0, 0, 3, 30, 67],
    D: [0, 0, 0, 10, 90],
  };
  return rng.weighted(items, w[c]);
}

function pickCompetitor(rng: Rng, c: Cls): string {
  const w = isA(c) ? [15, 25, 20, 40] : isB(c) ? [30, 30, 20, 20] : [50, 25, 15, 10];
  return rng.weighted(COMPETITORS, w);
}

const NO_MANAGER_P: Readonly<Record<Cls, number>> = { A1: 0, A2: 0, B1: 0.01, B2: 0.03, C: 0.09, D: 0.13 };
const NO_CONTRACT_P: Readonly<Record<Cls, number>> = { A1: 0, A2: 0, B1: 0.01, B2: 0.03, C: 0.05, D: 0.08 };
const LINE_FEE: Readonly<Record<string, readonly [number, number]>> = {
  AAA: [15000, 30000],
  AA: [5000, 12000],
  A: [2000, 5000],
  普通: [500, 1500],
};
const PRODUCTS_RANGE: Readonly<Record<Cls, readonly [number, number]>> = {
  A1: [8, 12],
  A2: [6, 10],
  B1: [4, 8],
  B2: [3, 7],
  C: [2, 5],
  D: [1, 3],
};
const COMPLAINT_RATE: Readonly<Record<Cls, number>> = { A1: 0.25, A2: 0.2, B1: 0.12, B2: 0.08, C: 0.05, D: 0.03 };
const FAULT_RATE: Readonly<Record<string, number>> = { AAA: 0.15, AA: 0.12, A: 0.1, 普通: 0.06 };

interface Draft {
  index: number;
  group: Group;
  cls: Cls;
  industry: Industry;
  /** index into periods of the first billed month */
  start: number;
  baseMembers: number;
  unifiedBase: number;
  personalBase: number;
  mou: number;
  newBizShare: number;
  offNetBase: number;
  products: number;
  complaintRate: number;
  faultRate: number;
  arrearsProne: boolean;
  contractSoon: boolean;
  /** multiplies the month-to-month noise of the bill (small groups' bills swing more) */
  volatility: number;
  /** monthly price erosion of the bill (competition wears ARPU down even where no one leaves) */
  erosion: number;
}

function uniqueName(
  rng: Rng,
  parts: NameParts,
  preferred: readonly Template[],
  all: readonly Template[],
  used: ReadonlySet<string>,
): string {
  for (let attempt = 0; attempt <= 400; attempt++) {
    const candidate = rng.pick(attempt < 40 ? preferred : all)(parts);
    const name = attempt < 200 ? candidate : `${candidate}${ord(parts)}分部`;
    if (!used.has(name)) return name;
  }
  throw new Error('could not generate a unique group name');
}

/** 10 digits; the '0571…' ones keep their leading zero */
function uniqueCode(rng: Rng, used: ReadonlySet<string>): string {
  for (;;) {
    const prefix = rng.weighted(['0571', '5710', '5711', '3301'], [30, 25, 25, 20]);
    const code = prefix + String(rng.int(0, 999999)).padStart(6, '0');
    if (!used.has(code)) return code;
  }
}

function makeDraft(
  rng: Rng,
  index: number,
  parts: NameParts,
  usedCodes: Set<string>,
  usedNames: Set<string>,
  endDateMs: number,
): Draft {
  const industry = rng.weighted(INDUSTRIES, INDUSTRY_WEIGHTS);
  const cls = rng.weighted(CLASSES, classWeights(industry));

  // name: big organisations for A/B1, small for C/D, either for B2
  const templates = TEMPLATES[industry];
  const useBig = isA(cls) || cls === 'B1' ? true : cls === 'B2' ? rng.chance(0.6) : false;
  const groupName = uniqueName(rng, parts, useBig ? templates.big : templates.small, [...templates.big, ...templates.small], usedNames);
  usedNames.add(groupName);

  const groupCode = uniqueCode(rng, usedCodes);
  usedCodes.add(groupCode);

  const regionIndex = REGIONS.indexOf(rng.weighted(REGIONS, REGION_WEIGHTS));
  const region = at(REGIONS, regionIndex);
  // each region has its own managers: region i → managers i, i+5, i+10
  const regionManagers = ACCOUNT_MANAGERS.filter((_, m) => m % REGIONS.length === regionIndex);
  const accountManager = rng.chance(NO_MANAGER_P[cls]) ? null : rng.pick(regionManagers);

  const [eLo, eHi] = EMPLOYEES[cls];
  const employees = Math.round(logUniform(rng, eLo, eHi));

  // contract end: ~5% none, ~8% within 90 days after endPeriod, rest spread over
  // 8 months before .. 10 months after the end of endPeriod
  let contractEnd: string | null;
  let contractSoon = false;
  if (rng.chance(NO_CONTRACT_P[cls])) {
    contractEnd = null;
  } else if (rng.chance(0.08)) {
    contractSoon = true;
    contractEnd = isoDate(endDateMs + rng.int(1, 90) * 86_400_000);
  } else {
    const u = rng.int(0, 450);
    const offset = u < 241 ? u - 240 : 91 + (u - 241);
    contractEnd = isoDate(endDateMs + offset * 86_400_000);
  }

  const competitorPresence = pickCompetitor(rng, cls);
  const lineGrade = pickLineGrade(rng, cls);

  const group: Group = {
    groupCode,
    groupName,
    groupClass: cls,
    importance: pickImportance(rng, cls),
    industry,
    region,
    accountManager,
    employees,
    contractEnd,
    competitorPresence,
    lineGrade,
  };

  // economics
  const penetration = uniform(rng, 0.4, 0.95);
  const baseMembers = Math.max(3, Math.min(employees, Math.round(employees * penetration)));
  const whiteCollar = industry === '政府' || industry === '金融' || industry === '互联网' || industry === '医疗';
  const blueCollar = industry === '制造' || industry === '物流' || industry === '建筑' || industry === '零售' || industry === '交通';
  const personalArpu = whiteCollar ? uniform(rng, 40, 60) : blueCollar ? uniform(rng, 26, 40) : uniform(rng, 30, 45);
  const unifiedArpu =
    industry === '政府' || industry === '金融' ? uniform(rng, 30, 60) : cls === 'D' ? uniform(rng, 5, 20) : uniform(rng, 10, 35);
  const fee = lineGrade === null ? undefined : LINE_FEE[lineGrade];
  const lineFee = fee ? uniform(rng, fee[0], fee[1]) : 0;
  const mou =
    industry === '互联网' ? uniform(rng, 110, 200) : industry === '物流' || industry === '金融' || industry === '建筑' ? uniform(rng, 220, 360) : uniform(rng, 150, 280);
  const newBizShare =
    industry === '互联网' || industry === '金融' ? uniform(rng, 0.15, 0.3) : industry === '制造' || industry === '物流' ? uniform(rng, 0.08, 0.2) : uniform(rng, 0.04, 0.15);
  const offShare =
    competitorPresence === '无' ? uniform(rng, 0, 0.03) : competitorPresence === '电信,联通' ? uniform(rng, 0.1, 0.25) : uniform(rng, 0.04, 0.15);
  const [pLo, pHi] = PRODUCTS_RANGE[cls];

  return {
    index,
    group,
    cls,
    industry,
    start: 0,
    baseMembers,
    unifiedBase: baseMembers * unifiedArpu + lineFee,
    personalBase: baseMembers * personalArpu,
    mou,
    newBizShare,
    offNetBase: Math.round(baseMembers * offShare),
    products: rng.int(pLo, pHi),
    complaintRate: COMPLAINT_RATE[cls],
    faultRate: lineGrade === null ? 0.02 : (FAULT_RATE[lineGrade] ?? 0.02),
    arrearsProne: rng.chance(cls === 'C' || cls === 'D' ? 0.07 : 0.02),
    contractSoon,
    volatility: 1, // set from its own stream so that the master data do not shift
    erosion: 0,
  };
}

// ---------------------------------------------------------------------------
// Planted behaviours
//
// A real branch is not a clean split into "stable" and "falling" groups, so
// the demo plants the stories an analyst meets in practice:
// - declining: behaviour leads revenue — traffic is diverted (话务分流), members
//   leave and the off-net share rises 1–3 months before revenue falls; the
//   decline is still under way in the last month (red);
// - pastDecline: the same story earlier in the history, after which revenue
//   settles at the lower level;
// - early: the precursors started in the last 1–3 months and revenue has not
//   fallen yet (mostly 黄 yellow in the last month);
// - dip: a one-off billing dip (a credit note, a mis-rated bill) that recovers
//   the next month — a false alarm for revenue-only rules;
// - sudden: lost from one month to the next without any precursor;
// - stepDown: a permanent revenue cut (a dedicated line or a package moved to a
//   competitor) with no change in members or traffic beforehand;
// - retained: precursors for a few months, then the group was kept (revenue
//   never fell) — high scores that came to nothing;
// - lost: fell for 2 months, then billed nothing (white at the end);
// - growing / stable; plus noise throughout (volatile bills with a
//   business-cycle wobble and slow price erosion, one-month traffic dips,
//   off-net members coming and going, the odd restructuring that costs members
//   but no revenue). Each declining story shows a random, non-empty subset of
//   the three precursors. Together they put the rules' back-test AUC near 0.8
//   and the top-decile lift near 6 on the default demo — useful, not perfect.

type Kind = 'growing' | 'declining' | 'pastDecline' | 'early' | 'retained' | 'dip' | 'sudden' | 'stepDown' | 'lost' | 'stable' | 'new';

interface Plan {
  kind: Kind;
  /** growing: monthly growth */
  growth: number;
  /** declining/pastDecline/early: months over which revenue falls (stepDown: 1 = a step) */
  declineMonths: number;
  revenueDrop: number;
  memberDrop: number;
  offNetRise: number;
  /** declining/pastDecline/early: share of minutes diverted when the precursors start */
  trafficStep: number;
  /** column where revenue starts to fall (declining kinds, stepDown), dips (dip), or goes to zero (sudden) */
  eventAt: number;
  /** months by which the behavioural precursors lead revenue */
  lead: number;
  /** dip: depth of the one-off dip */
  depth: number;
  /** lost: months at zero at the end (2–4) */
  zeroMonths: number;
  /** declining kinds: which precursors show (bit 0 traffic, 1 members, 2 off-net share); never 0 */
  precursors: number;
}

export const PRECURSOR_TRAFFIC = 1;
export const PRECURSOR_MEMBERS = 2;
export const PRECURSOR_OFFNET = 4;

/** A non-empty random subset of the three precursors (each shows with probability p). */
function precursorSet(rng: Rng, p: number): number {
  let mask = 0;
  if (rng.chance(p)) mask |= PRECURSOR_TRAFFIC;
  if (rng.chance(p)) mask |= PRECURSOR_MEMBERS;
  if (rng.chance(p)) mask |= PRECURSOR_OFFNET;
  return mask === 0 ? 1 << rng.int(0, 2) : mask;
}

/** Weighted sampling without replacement (Efraimidis–Spirakis), deterministic. */
function weightedSample(rng: Rng, candidates: readonly Draft[], weight: (d: Draft) => number, k: number): Draft[] {
  const keyed = candidates.map((d) => ({ d, key: -Math.log(Math.max(rng.next(), 1e-12)) / Math.max(weight(d), 1e-9) }));
  keyed.sort((a, b) => a.key - b.key || a.d.index - b.d.index);
  return keyed.slice(0, k).map((x) => x.d);
}

// ---------------------------------------------------------------------------
// Monthly simulation

interface Series {
  unified: number[];
  personal: number[];
  newBiz: number[];
  members: number[];
  offNet: number[];
  minutes: number[];
  arrears: number[];
  complaints: number[];
  faults: number[];
  products: number[];
}

/** month-to-month persistence and shock of the bill's business-cycle wobble */
const AR_PHI = 0.75;
const AR_SD = 0.025;

const PRECURSOR_KINDS: ReadonlySet<Kind> = new Set<Kind>(['declining', 'pastDecline', 'early', 'retained']);

interface Levels {
  rev: number;
  mem: number;
  min: number;
  /** off-net members added on top of the base */
  offExtra: number;
  nb: number;
  complaintRate: number;
  zero: boolean;
}

function levelsAt(d: Draft, plan: Plan, t: number, n: number, growPivot: number): Levels {
  const L: Levels = { rev: 1, mem: 1, min: 1, offExtra: 0, nb: 1, complaintRate: d.complaintRate, zero: false };
  switch (plan.kind) {
    case 'growing':
      if (t > growPivot) {
        const steps = t - growPivot;
        L.rev = Math.pow(1 + plan.growth, steps);
        L.mem = Math.pow(1 + plan.growth / 2, steps);
        L.min = Math.pow(1 + plan.growth * 0.6, steps);
        L.nb = 1 + (0.5 * steps) / 12;
      }
      return L;
    case 'declining':
    case 'pastDecline':
    case 'early':
    case 'retained': {
      const pStart = plan.eventAt - plan.lead;
      if (t < pStart) return L;
      // retained: the account manager won the group back, behaviour returns to normal
      if (plan.kind === 'retained' && t >= plan.eventAt + plan.declineMonths) return L;
      // behaviour first: members and off-net move from pStart (mostly before revenue
      // follows), minutes step down at pStart
      // 60% of the behavioural move happens before revenue falls, the rest with it
      const pp =
        t < plan.eventAt
          ? (0.6 * (t - pStart + 1)) / (plan.lead + 1)
          : 0.6 + 0.4 * Math.min(1, (t - plan.eventAt + 1) / plan.declineMonths);
      const traffic = (plan.precursors & PRECURSOR_TRAFFIC) !== 0;
      if (plan.precursors & PRECURSOR_MEMBERS) L.mem = 1 - plan.memberDrop * pp;
      if (plan.precursors & PRECURSOR_OFFNET) L.offExtra = Math.ceil(Math.max(1, d.offNetBase, 0.04 * d.baseMembers) * plan.offNetRise * pp);
      const step = traffic ? 1 - plan.trafficStep : 1;
      L.min = step;
      L.complaintRate = Math.max(d.complaintRate, 0.2);
      if (t >= plan.eventAt && plan.kind !== 'retained') {
        const rp = Math.min(1, (t - plan.eventAt + 1) / plan.declineMonths);
        L.rev = 1 - plan.revenueDrop * rp;
        L.nb = 1 - 0.5 * rp;
        L.min = step * Math.pow(L.rev, traffic ? 1.3 : 0.5);
        if (plan.kind === 'pastDecline' && rp >= 1) L.complaintRate = d.complaintRate;
      }
      if (plan.kind === 'declining' && traffic && t === n - 1) L.min *= 0.85;
      return L;
    }
    case 'dip':
      if (t === plan.eventAt) L.rev = 1 - plan.depth;
      return L;
    case 'sudden':
      if (t >= plan.eventAt) L.zero = true;
      return L;
    case 'stepDown':
      if (t >= plan.eventAt) {
        const rp = Math.min(1, (t - plan.eventAt + 1) / plan.declineMonths);
        L.rev = 1 - plan.revenueDrop * rp;
        L.nb = 1 - 0.3 * rp;
      }
      return L;
    case 'lost': {
      const lossStart = n - plan.zeroMonths;
      if (t < lossStart - 2) return L;
      if (t >= lossStart) L.zero = true;
      else if (t === lossStart - 2) {
        L.rev = 0.8;
        L.mem = 0.75;
        L.min = 0.7;
        L.offExtra = Math.ceil(Math.max(1, d.offNetBase) * 0.3);
      } else {
        L.rev = 0.5;
        L.mem = 0.45;
        L.min = 0.4;
        L.offExtra = Math.ceil(Math.max(1, d.offNetBase) * 0.5);
      }
      L.complaintRate = 0.4;
      return L;
    }
    default:
      return L;
  }
}

function simulate(d: Draft, plan: Plan, periods: readonly string[], rng: Rng, noiseScale: number): Series {
  const n = periods.length;
  const s: Series = {
    unified: [], personal: [], newBiz: [], members: [], offNet: [], minutes: [],
    arrears: [], complaints: [], faults: [], products: [],
  };
  const employees = d.group.employees ?? d.baseMembers;

  const growWindow = Math.min(12, n - 1);
  const growPivot = n - 1 - growWindow; // level 1 here, +growth per month after
  const productBump = plan.kind === 'growing' && rng.chance(0.6) ? n - rng.int(3, 8) : -1;
  const productDrop = plan.kind === 'declining' && rng.chance(0.6) ? n - rng.int(1, 2) : -1;
  // quiet kinds carry the noise that makes the rules fire when nothing is wrong
  const quiet = plan.kind === 'stable' || plan.kind === 'growing' || plan.kind === 'new' || plan.kind === 'dip' || plan.kind === 'stepDown';
  const noisy = quiet ? noiseScale : 0;

  // member random walk that never loses ≥5 or ≥10% against any of the 3 previous months
  const walk: number[] = [];
  const sigma = clamp(d.baseMembers * 0.003, 0.3, 4) * noiseScale;
  const drift = sigma * 0.15;
  let m = d.baseMembers;
  let prevArrears = false;
  // off-net members come and go one at a time; a restructuring costs members for good
  let offWalk = 0;
  let restructure = 1;
  let zeroFrom = -1;
  let cycle = 0;

  for (let t = 0; t < n; t++) {
    if (t < d.start) {
      walk.push(0);
      for (const key of Object.keys(s) as (keyof Series)[]) s[key].push(0);
      continue;
    }
    if (t > d.start) {
      let candidate = m + Math.round(rng.normal() * sigma + drift);
      for (let j = 1; j <= 3 && t - j >= d.start; j++) {
        const ref = walk[t - j] ?? candidate;
        if (ref - candidate >= 5 || ref - candidate >= 0.1 * ref) candidate = m;
      }
      m = Math.max(1, candidate);
    }
    walk.push(m);
    // noise draws happen every month whatever the plan, so that plans do not shift the stream
    const uOff = rng.next();
    const uTraffic = rng.next();
    const uRestructure = rng.next();
    const trafficDip = uniform(rng, 0.62, 0.8);
    // business-cycle wobble of the bill: AR(1) on the log level
    const shock = clamp(rng.normal(), -3, 3);
    if (t > d.start) cycle = AR_PHI * cycle + AR_SD * d.volatility * noiseScale * shock;
    if (noisy > 0 && t > d.start) {
      if (uOff < 0.025 * noisy) offWalk += 1;
      else if (uOff > 1 - 0.02 * noisy && d.offNetBase + offWalk > 0) offWalk -= 1;
      if (uRestructure < 0.004 * noisy && t < n - 3) restructure *= uniform(rng, 0.84, 0.9);
    }

    const age = t - d.start;
    const ramp = d.start === 0 ? 1 : age === 0 ? 0.5 : age === 1 ? 0.75 : age === 2 ? 0.9 : 1;
    const season = seasonalFactors(at(periods, t));
    const lv = levelsAt(d, plan, t, n, growPivot);

    if (lv.zero) {
      if (zeroFrom < 0) zeroFrom = t;
      s.unified.push(0);
      s.personal.push(0);
      s.newBiz.push(0);
      s.members.push(0);
      s.offNet.push(0);
      s.minutes.push(0);
      // about half of the lost groups leave an unpaid last bill behind
      s.arrears.push(d.arrearsProne || d.index % 2 === 0 ? round2((s.unified[zeroFrom - 1] ?? 0) * 0.6) : 0);
      s.complaints.push(0);
      s.faults.push(0);
      s.products.push(0);
      continue;
    }

    const vol = d.volatility * noiseScale;
    const wobble = Math.exp(cycle) * Math.pow(1 - d.erosion, t);
    const unified = round2(d.unifiedBase * lv.rev * wobble * ramp * season.revenue * noise(rng, 0.025 * vol));
    const personal = round2(d.personalBase * lv.rev * wobble * ramp * season.revenue * noise(rng, 0.04 * vol));
    const total = round2(unified + personal);
    const newBiz = Math.min(total, round2(total * d.newBizShare * lv.nb * noise(rng, 0.06 * noiseScale)));
    const members = clamp(Math.round(m * lv.mem * restructure * ramp), 1, employees);
    const offNetRaw = PRECURSOR_KINDS.has(plan.kind) && lv.offExtra > 0
      ? Math.max(1, d.offNetBase) + lv.offExtra
      : Math.round(d.offNetBase * ramp) + offWalk + lv.offExtra;
    const offNet = clamp(offNetRaw, 0, members);
    const dipped = noisy > 0 && t > d.start + 3 && uTraffic < 0.012 * noisy ? trafficDip : 1;
    const minutes = Math.round(m * d.mou * lv.min * dipped * ramp * season.minutes * noise(rng, 0.04 * noiseScale));

    let arrears = 0;
    if (d.arrearsProne && rng.chance(prevArrears ? 0.6 : 0.2)) arrears = round2(total * uniform(rng, 0.2, 1));
    prevArrears = arrears > 0;

    const complaints = rng.chance(lv.complaintRate) ? rng.weighted([1, 2, 3], [70, 22, 8]) : 0;
    const faults = rng.chance(d.faultRate) ? rng.weighted([1, 2], [80, 20]) : 0;
    let products = d.products;
    if (productBump >= 0 && t >= productBump) products = Math.min(12, products + 1);
    if (productDrop >= 0 && t >= productDrop) products = Math.max(1, products - 1);

    s.unified.push(unified);
    s.personal.push(personal);
    s.newBiz.push(newBiz);
    s.members.push(members);
    s.offNet.push(offNet);
    s.minutes.push(minutes);
    s.arrears.push(arrears);
    s.complaints.push(complaints);
    s.faults.push(faults);
    s.products.push(products);
  }
  return s;
}

const totalAt = (s: Series, t: number): number => (s.unified[t] ?? 0) + (s.personal[t] ?? 0);
const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
function window(s: Series, from: number, to: number, f: (t: number) => number): number[] {
  const out: number[] = [];
  for (let t = from; t <= to; t++) out.push(f(t));
  return out;
}

/** Does the series show what the plan promises? */
function satisfies(s: Series, plan: Plan, periods: readonly string[]): boolean {
  const n = periods.length;
  if (n < 7) return true;
  const rev = (t: number): number => totalAt(s, t);
  const last3 = mean(window(s, n - 3, n - 1, rev));
  const prev3 = mean(window(s, n - 6, n - 4, rev));
  if (plan.kind === 'stable') {
    const adjMinutes = (t: number): number => (s.minutes[t] ?? 0) / seasonalFactors(at(periods, t)).minutes;
    return (
      last3 > 0.92 * prev3 &&
      rev(n - 1) > 0.9 * rev(n - 4) &&
      adjMinutes(n - 1) > 0.88 * mean(window(s, n - 4, n - 2, adjMinutes))
    );
  }
  if (plan.kind === 'growing') return last3 > 1.03 * prev3 && (n < 13 || rev(n - 1) > 1.18 * rev(n - 13));
  if (plan.kind === 'dip') {
    // the dip is visible and the next month is back to normal
    const e = plan.eventAt;
    const before = mean(window(s, Math.max(0, e - 3), e - 1, rev));
    return rev(e) < 0.8 * before && rev(e + 1) > 0.93 * before;
  }
  if (plan.kind === 'declining') {
    const minutes = (t: number): number => s.minutes[t] ?? 0;
    const lastMin = minutes(n - 1);
    const off = (t: number): number => s.offNet[t] ?? 0;
    const share = (t: number): number => off(t) / Math.max(1, s.members[t] ?? 0);
    const traffic = (plan.precursors & PRECURSOR_TRAFFIC) === 0 || (
      lastMin <= 0.85 * mean(window(s, n - 4, n - 2, minutes)) &&
      lastMin <= 0.85 * mean(window(s, n - 3, n - 1, minutes)));
    const offNet = (plan.precursors & PRECURSOR_OFFNET) === 0 || share(n - 1) > share(n - 4);
    return last3 <= 0.88 * prev3 && (n < 8 || rev(n - 1) <= 0.75 * rev(n - 7)) && traffic && offNet;
  }
  return true;
}

/** Members of a decliner must fall by ≥10% or ≥5 over the last 3 months. */
function enforceMemberLoss(s: Series, n: number): void {
  const before = s.members[n - 4] ?? 0;
  const last = s.members[n - 1] ?? 0;
  if (before - last >= 5 || before - last >= 0.1 * before) return;
  const target = Math.max(1, Math.min(last, before - Math.max(1, Math.ceil(0.1 * before))));
  s.members[n - 1] = target;
  s.offNet[n - 1] = Math.min(target, s.offNet[n - 1] ?? 0);
}

// ---------------------------------------------------------------------------

export function generateDemoBranch(options: DemoOptions = {}): DemoBranch {
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const groupCount = options.groups ?? DEMO_DEFAULTS.groups;
  const months = options.months ?? DEMO_DEFAULTS.months;
  const endPeriod = options.endPeriod ?? DEMO_DEFAULTS.endPeriod;
  const branchName = options.branchName ?? DEMO_DEFAULTS.branchName;
  if (!Number.isInteger(groupCount) || groupCount < 1) throw new Error(`groups must be a positive integer: ${groupCount}`);
  if (!Number.isInteger(months) || months < 1) throw new Error(`months must be a positive integer: ${months}`);
  const endIndex = periodIndex(endPeriod); // validates

  const periods = periodRange(addMonths(endPeriod, -(months - 1)), endPeriod);
  const n = periods.length;
  const endYear = Math.floor(endIndex / 12);
  const endMonth = (endIndex % 12) + 1;
  const endDateMs = Date.UTC(endYear, endMonth, 0); // last day of endPeriod

  const district = branchName.replace(/分公司$/, '') || branchName;
  const rng = createRng(seed);
  const parts: NameParts = { rng, district, districtShort: district.replace(/[区县市]$/, '') || district };

  // 1. group master data, in a fixed order
  const usedCodes = new Set<string>();
  const usedNames = new Set<string>();
  const drafts: Draft[] = [];
  for (let i = 0; i < groupCount; i++) drafts.push(makeDraft(rng, i, parts, usedCodes, usedNames, endDateMs));
  for (const d of drafts) {
    const vrng = createRng(mixSeed(seed ^ 0x7f4a7c15, d.index));
    d.volatility = logUniform(vrng, 0.6, 2.8) * (d.cls === 'C' || d.cls === 'D' ? 1.3 : 1);
    d.erosion = uniform(vrng, 0.001, 0.008);
  }

  // 2. a few groups are acquired mid-history (ramp up over their first 3 months)
  const acquiredEarly = n >= 14 ? Math.round(groupCount * 0.017) : 0;
  const acquiredRecent = n >= 9 ? Math.round(groupCount * 0.013) : 0;
  const order = weightedSample(rng, drafts, () => 1, acquiredEarly + acquiredRecent);
  order.forEach((d, k) => {
    d.start = k < acquiredEarly ? rng.int(2, n - 10) : rng.int(n - 6, n - 2);
  });
  const isRecent = (d: Draft): boolean => d.start >= n - 6 && d.start > 0;

  // 3. planted behaviours among groups present from the first month
  const plans = new Map<Draft, Plan>();
  const basePlan: Plan = {
    kind: 'stable', growth: 0, declineMonths: 0, revenueDrop: 0, memberDrop: 0, offNetRise: 0,
    trafficStep: 0, eventAt: -1, lead: 0, depth: 0, zeroMonths: 0, precursors: 0,
  };
  const pool = (): Draft[] => drafts.filter((d) => d.start === 0 && !plans.has(d));
  const competitorWeight = (d: Draft): number =>
    d.group.competitorPresence === '电信,联通' ? 3 : d.group.competitorPresence === '无' ? 1 : 2.5;
  const riskWeight = (d: Draft): number =>
    competitorWeight(d) * (d.contractSoon || d.group.contractEnd === null ? 1.6 : 1) * (d.group.accountManager === null ? 2 : 1);
  const count = (share: number, atLeastOne: number): number => Math.max(atLeastOne, Math.round(groupCount * share));
  /** an integer in [lo, hi], or lo when a short history leaves no room */
  const between = (lo: number, hi: number): number => rng.int(lo, Math.max(lo, hi));

  if (n >= 7) {
    const atLeastOne = groupCount >= 20 ? 1 : 0;
    const lostPicks = weightedSample(
      rng,
      pool(),
      (d) => (d.cls === 'C' || d.cls === 'D' ? 2 : isA(d.cls) ? 0.3 : 1) * (d.group.accountManager === null ? 3 : 1) * competitorWeight(d),
      count(0.02, atLeastOne),
    );
    for (const d of lostPicks) plans.set(d, { ...basePlan, kind: 'lost', zeroMonths: rng.int(2, Math.min(4, n - 4)) });

    // decline under way at the end: precursors 1–3 months before revenue
    for (const d of weightedSample(rng, pool(), riskWeight, count(0.07, atLeastOne))) {
      const declineMonths = rng.int(4, Math.min(6, n - 2));
      plans.set(d, {
        ...basePlan,
        kind: 'declining',
        declineMonths,
        eventAt: n - declineMonths,
        lead: rng.int(1, Math.min(3, Math.max(1, n - declineMonths - 1))),
        revenueDrop: uniform(rng, 0.35, 0.55),
        memberDrop: uniform(rng, 0.25, 0.45),
        offNetRise: uniform(rng, 0.5, 1.2),
        trafficStep: uniform(rng, 0.2, 0.35),
        // a handful of members cannot show a rising off-net share for long
        precursors: precursorSet(rng, 0.5) | (d.baseMembers < 30 ? PRECURSOR_TRAFFIC : 0),
      });
    }

    const growPicks = weightedSample(
      rng,
      pool(),
      (d) =>
        (d.industry === '互联网' || d.industry === '制造' || d.industry === '物流' ? 1.5 : 1) *
        (d.group.competitorPresence === '无' ? 1.5 : 1),
      count(0.08, atLeastOne),
    );
    for (const d of growPicks) plans.set(d, { ...basePlan, kind: 'growing', growth: uniform(rng, 0.02, 0.04) });

    if (n >= 12) {
      // precursors in the last 1–3 months, revenue not (yet) down
      for (const d of weightedSample(rng, pool(), riskWeight, count(0.045, atLeastOne))) {
        const visible = rng.int(1, 3); // months of precursors up to the last month
        const eventAt = n + rng.int(0, 1); // revenue falls after the last month
        plans.set(d, {
          ...basePlan,
          kind: 'early',
          declineMonths: 5,
          eventAt,
          lead: eventAt - (n - visible),
          revenueDrop: uniform(rng, 0.3, 0.5),
          memberDrop: uniform(rng, 0.15, 0.35),
          offNetRise: uniform(rng, 0.6, 1.2),
          trafficStep: uniform(rng, 0.2, 0.35),
          precursors: precursorSet(rng, 0.5),
        });
      }
      // the same story earlier in the history, then revenue settles lower
      for (const d of weightedSample(rng, pool(), riskWeight, count(0.04, atLeastOne))) {
        const declineMonths = rng.int(3, 5);
        plans.set(d, {
          ...basePlan,
          kind: 'pastDecline',
          declineMonths,
          eventAt: between(6, n - declineMonths - 4),
          lead: rng.int(1, 3),
          revenueDrop: uniform(rng, 0.3, 0.5),
          memberDrop: uniform(rng, 0.15, 0.35),
          offNetRise: uniform(rng, 0.5, 1.2),
          trafficStep: uniform(rng, 0.2, 0.35),
          precursors: precursorSet(rng, 0.5),
        });
      }
      // precursors that came to nothing: the group was kept, revenue never fell
      for (const d of weightedSample(rng, pool(), riskWeight, count(0.05, atLeastOne))) {
        const lead = rng.int(1, 3);
        plans.set(d, {
          ...basePlan,
          kind: 'retained',
          declineMonths: rng.int(1, 3),
          eventAt: between(6 + lead, n - 4),
          lead,
          memberDrop: uniform(rng, 0.1, 0.3),
          offNetRise: uniform(rng, 0.5, 1.2),
          trafficStep: uniform(rng, 0.15, 0.35),
          precursors: precursorSet(rng, 0.5),
        });
      }
      // one-off billing dips that recover the next month
      for (const d of weightedSample(rng, pool(), () => 1, count(0.06, atLeastOne))) {
        plans.set(d, { ...basePlan, kind: 'dip', eventAt: rng.int(7, n - 2), depth: uniform(rng, 0.3, 0.6) });
      }
      // losses without precursors: to zero, or a permanent revenue cut
      for (const d of weightedSample(rng, pool(), competitorWeight, count(0.015, atLeastOne))) {
        plans.set(d, { ...basePlan, kind: 'sudden', eventAt: rng.int(6, n - 1) });
      }
      for (const d of weightedSample(rng, pool(), competitorWeight, count(0.05, atLeastOne))) {
        plans.set(d, {
          ...basePlan,
          kind: 'stepDown',
          eventAt: rng.int(6, n - 2),
          declineMonths: rng.chance(0.4) ? 1 : rng.int(3, 6),
          revenueDrop: uniform(rng, 0.15, 0.4),
        });
      }
    }
  }
  for (const d of drafts) {
    if (!plans.has(d)) plans.set(d, { ...basePlan, kind: isRecent(d) ? 'new' : 'stable' });
  }

  // 4. monthly facts, one RNG per group so that groups do not disturb each other
  const facts: MonthlyFact[] = [];
  for (const d of drafts) {
    const plan = plans.get(d) ?? basePlan;
    const grng = createRng(mixSeed(seed, d.index));
    let series = simulate(d, plan, periods, grng, 1);
    for (let attempt = 1; attempt < 12 && !satisfies(series, plan, periods); attempt++) {
      series = simulate(d, plan, periods, grng, attempt < 8 ? 1 : 0.3);
    }
    if (!satisfies(series, plan, periods)) series = simulate(d, plan, periods, grng, 0);
    if (plan.kind === 'declining' && plan.precursors & PRECURSOR_MEMBERS && n >= 4) enforceMemberLoss(series, n);

    for (let t = d.start; t < n; t++) {
      const unified = series.unified[t] ?? 0;
      const personal = series.personal[t] ?? 0;
      facts.push({
        groupCode: d.group.groupCode,
        period: at(periods, t),
        unifiedPayRevenue: unified,
        personalPayRevenue: personal,
        totalRevenue: round2(unified + personal),
        newBusinessRevenue: series.newBiz[t] ?? 0,
        members: series.members[t] ?? 0,
        offNetMembers: series.offNet[t] ?? 0,
        minutes: series.minutes[t] ?? 0,
        arrears: series.arrears[t] ?? 0,
        complaints: series.complaints[t] ?? 0,
        faults: series.faults[t] ?? 0,
        products: series.products[t] ?? 0,
      });
    }
  }

  const groups = drafts.map((d) => d.group).sort((a, b) => cmp(a.groupCode, b.groupCode));
  facts.sort((a, b) => cmp(a.period, b.period) || cmp(a.groupCode, b.groupCode));

  const codesOf = (kind: Kind): string[] =>
    drafts.filter((d) => plans.get(d)?.kind === kind).map((d) => d.group.groupCode).sort(cmp);
  const eventsOf = (kind: Kind): PlantedEvent[] =>
    drafts
      .filter((d) => plans.get(d)?.kind === kind)
      .map((d) => {
        const p = plans.get(d) ?? basePlan;
        const e: PlantedEvent = { groupCode: d.group.groupCode, period: periods[p.eventAt] ?? addMonths(endPeriod, p.eventAt - (n - 1)) };
        if (PRECURSOR_KINDS.has(p.kind)) e.precursorsFrom = periods[p.eventAt - p.lead] ?? addMonths(endPeriod, p.eventAt - p.lead - (n - 1));
        return e;
      })
      .sort((a, b) => cmp(a.groupCode, b.groupCode));

  return {
    branchName,
    seed,
    periods,
    portfolio: { groups, facts },
    planted: {
      growing: codesOf('growing'),
      declining: codesOf('declining'),
      lost: codesOf('lost'),
      stable: codesOf('stable'),
      early: codesOf('early'),
      pastDecline: codesOf('pastDecline'),
      dip: codesOf('dip'),
      sudden: codesOf('sudden'),
      stepDown: codesOf('stepDown'),
      retained: codesOf('retained'),
    },
    events: {
      declining: eventsOf('declining'),
      pastDecline: eventsOf('pastDecline'),
      early: eventsOf('early'),
      dip: eventsOf('dip'),
      sudden: eventsOf('sudden'),
      stepDown: eventsOf('stepDown'),
      retained: eventsOf('retained'),
    },
  };
}

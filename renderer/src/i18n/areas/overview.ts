/** Texts of the 总览 page additions (key `overviewPage.*`). */
export const overviewZh = {};
export const overviewEn: typeof overviewZh = {};

/** Texts of the 价值象限 page (key `quadrant.*`). */
export const quadrantZh = {};
export const quadrantEn: typeof quadrantZh = {};

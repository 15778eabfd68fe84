/**
 * The 保有率 card's "value is x pp below count": the difference of the two rates as the card shows
 * them (each rounded to 0.1%), so 96.8% beside 94.7% reads 2.1, never the 2.2 of the unrounded rates.
 */
export function retentionGapPp(count: number | null, value: number | null): number | null {
  if (count === null || value === null) return null;
  return (Math.round(count * 1000) - Math.round(value * 1000)) / 10;
}

/**
 * Read the price documents GetProducts returns: each PriceList entry is one product as JSON text
 * (`product` with its sku, productFamily and attributes; `terms.OnDemand` and `terms.Reserved`, each a map of
 * offer terms whose `priceDimensions` carry `unit`, `pricePerUnit.USD`, `beginRange`, `endRange`;
 * `publicationDate`). Billing user guide, "Reading the service price list file for an AWS service".
 * Only on-demand USD dimensions are kept. A malformed entry is skipped, never guessed at.
 */

export interface ParsedProduct {
  sku: string;
  productFamily?: string;
  attributes: Record<string, string>;
  publicationDate?: string;
  onDemand: { unit: string; usd: number; beginRange: number; endRange: number; description?: string }[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function range(v: unknown, fallback: number): number {
  if (v === 'Inf') return Infinity;
  const n = Number(v);
  return typeof v === 'string' && v.trim() !== '' && Number.isFinite(n) ? n : fallback;
}

/** One PriceList entry (a JSON string, or the SDK's lazy JSON string / an already parsed object). */
export function parsePriceDocument(entry: unknown): ParsedProduct | undefined {
  let doc: unknown = entry;
  if (
    typeof entry === 'string' ||
    (isObject(entry) && typeof entry.toString === 'function' && !('product' in entry))
  ) {
    try {
      doc = JSON.parse(String(entry));
    } catch {
      return undefined;
    }
  }
  if (!isObject(doc) || !isObject(doc.product)) return undefined;
  const product = doc.product;
  const sku = typeof product.sku === 'string' ? product.sku : undefined;
  if (!sku) return undefined;
  const attributes: Record<string, string> = {};
  if (isObject(product.attributes)) {
    for (const [k, v] of Object.entries(product.attributes)) if (typeof v === 'string') attributes[k] = v;
  }
  const onDemand: ParsedProduct['onDemand'] = [];
  const terms = isObject(doc.terms) && isObject(doc.terms.OnDemand) ? doc.terms.OnDemand : {};
  for (const offer of Object.values(terms)) {
    if (!isObject(offer) || !isObject(offer.priceDimensions)) continue;
    for (const d of Object.values(offer.priceDimensions)) {
      if (!isObject(d) || !isObject(d.pricePerUnit)) continue;
      const usd = Number(d.pricePerUnit.USD);
      if (typeof d.pricePerUnit.USD !== 'string' || !Number.isFinite(usd) || typeof d.unit !== 'string')
        continue;
      const dim: ParsedProduct['onDemand'][number] = {
        unit: d.unit,
        usd,
        beginRange: range(d.beginRange, 0),
        endRange: range(d.endRange, Infinity),
      };
      if (typeof d.description === 'string') dim.description = d.description;
      onDemand.push(dim);
    }
  }
  const out: ParsedProduct = { sku, attributes, onDemand };
  if (typeof product.productFamily === 'string') out.productFamily = product.productFamily;
  if (typeof doc.publicationDate === 'string') out.publicationDate = doc.publicationDate;
  return out;
}

import type { Country } from './ledgers.js';

export interface Product {
  name: string;
  /** Gross unit price in minor units. */
  price: number;
  /** Basis points (2500 = 25 %), as the Sales API gives `vatRate` (vipps-sales-api.reconstructed.yaml, Line). */
  vatRate: number;
  category: string;
}

/**
 * Baskets mix VAT rates on purpose: Norway 25 % / 15 % (food) / 12 % (transport) / 0 %,
 * Finland 25.5 % / 14 % / 10 % / 0 %, so a client that assumes one rate per sale is caught.
 * `EXPERIENCE` is a category outside the documented example values: categories are an open set.
 */
const BAKERY_NO: Product[] = [
  { name: 'Skolebolle', price: 3_900, vatRate: 1500, category: 'FOOD' },
  { name: 'Kanelsnurr', price: 4_200, vatRate: 1500, category: 'FOOD' },
  { name: 'Grovbrød', price: 5_900, vatRate: 1500, category: 'FOOD' },
  { name: 'Kaffe latte', price: 5_400, vatRate: 1500, category: 'BEVERAGE' },
  { name: 'Bursdagskake', price: 34_900, vatRate: 1500, category: 'FOOD' },
  { name: 'Handlenett', price: 2_500, vatRate: 2500, category: 'GOODS' },
  { name: 'Kaffebønner 250 g', price: 11_900, vatRate: 1500, category: 'FOOD' },
  { name: 'Termokopp', price: 19_900, vatRate: 2500, category: 'GOODS' },
  { name: 'Bussbillett', price: 4_400, vatRate: 1200, category: 'SERVICE' },
  { name: 'Gavekort', price: 50_000, vatRate: 0, category: 'GIFT_CARD' },
  { name: 'Bakekurs', price: 89_000, vatRate: 2500, category: 'EXPERIENCE' },
];

const CAFE_FI: Product[] = [
  { name: 'Kahvi', price: 390, vatRate: 1400, category: 'BEVERAGE' },
  { name: 'Korvapuusti', price: 450, vatRate: 1400, category: 'FOOD' },
  { name: 'Lounas', price: 1_290, vatRate: 1400, category: 'FOOD' },
  { name: 'Sanomalehti', price: 350, vatRate: 1000, category: 'GOODS' },
  { name: 'Kahvipaketti', price: 890, vatRate: 1400, category: 'FOOD' },
  { name: 'Muki', price: 1_500, vatRate: 2550, category: 'GOODS' },
  { name: 'Lahjakortti', price: 2_000, vatRate: 0, category: 'GIFT_CARD' },
];

const BIKE_NO: Product[] = [
  { name: 'Service standard', price: 79_900, vatRate: 2500, category: 'SERVICE' },
  { name: 'Slange 28"', price: 14_900, vatRate: 2500, category: 'GOODS' },
  { name: 'Bremseklosser', price: 24_900, vatRate: 2500, category: 'GOODS' },
  { name: 'Sykkellås', price: 49_900, vatRate: 2500, category: 'GOODS' },
  { name: 'Energibar', price: 3_500, vatRate: 1500, category: 'FOOD' },
  { name: 'Sykkelleie dag', price: 39_900, vatRate: 1200, category: 'SERVICE' },
  { name: 'Tilgodelapp', price: 20_000, vatRate: 0, category: 'GIFT_CARD' },
];

export function catalogueFor(country: Country, slug: string): Product[] {
  if (country === 'FI') return CAFE_FI;
  return slug === 'sentrum' ? BIKE_NO : BAKERY_NO;
}

export const FIRST_NAMES = ['Ola', 'Kari', 'Jakob', 'Ingrid', 'Mette', 'Søren', 'Aino', 'Mikko', 'Nora', 'Emil', 'Freja', 'Liam'];
export const LAST_NAMES = ['Nordmann', 'Hansen', 'Jensen', 'Topper', 'Virtanen', 'Korhonen', 'Berg', 'Nielsen', 'Johansen'];
export const MESSAGES = ['Takk!', 'Kaffe og bolle', 'Lodd', 'Kontingent', 'Tak for sidst', 'Kiitos', 'Middag', ''];

/**
 * The default notice categories of product.md, created for a new tenant; each comune can change them.
 * Civil protection defaults to urgent: its notices never wait behind routine ones.
 *
 * @example
 * for (const c of DEFAULT_CATEGORIES) em.create(Category, { tenant, ...c });
 */
export interface CategorySeed {
  readonly key: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly position: number;
  readonly urgentByDefault: boolean;
}

export const DEFAULT_CATEGORIES: readonly CategorySeed[] = [
  { key: 'eventi', labels: { it: 'Eventi', en: 'Events' }, position: 1, urgentByDefault: false },
  { key: 'sanita', labels: { it: 'Informazioni sanitarie', en: 'Health information' }, position: 2, urgentByDefault: false },
  { key: 'utenze', labels: { it: 'Interruzione utenze', en: 'Utility outages' }, position: 3, urgentByDefault: false },
  { key: 'mobilita', labels: { it: 'Mobilità e parcheggi', en: 'Traffic and parking' }, position: 4, urgentByDefault: false },
  { key: 'protezione-civile', labels: { it: 'Protezione civile', en: 'Civil protection' }, position: 5, urgentByDefault: true },
  { key: 'pubblica-utilita', labels: { it: 'Pubblica utilità', en: 'Public services' }, position: 6, urgentByDefault: false },
  { key: 'sicurezza-decoro', labels: { it: 'Sicurezza e decoro urbano', en: 'Safety and urban care' }, position: 7, urgentByDefault: false },
];

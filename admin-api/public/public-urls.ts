/**
 * Absolute addresses of a comune's public pages, from the deployment's public address (`PUBLIC_URL`,
 * or the request's own origin when it is not set).
 *
 * @example
 * const urls = publicUrls('https://campanile.example.it', 'esempio');
 * urls.notice(12); // 'https://campanile.example.it/public/esempio/notices/12'
 */
export function publicUrls(origin: string, slug: string) {
  const root = `${origin.replace(/\/+$/, '')}/public/${encodeURIComponent(slug)}`;
  const withCategory = (url: string, category?: string) => (category ? `${url}?category=${encodeURIComponent(category)}` : url);
  return {
    archive: (category?: string) => withCategory(root, category),
    notice: (id: number) => `${root}/notices/${id}`,
    image: (id: number) => `${root}/notices/${id}/image`,
    document: (id: number) => `${root}/notices/${id}/document`,
    rss: (category?: string) => withCategory(`${root}/feed.rss`, category),
    atom: (category?: string) => withCategory(`${root}/feed.atom`, category),
    json: () => `${root}/notices.json`,
  };
}
export type PublicUrls = ReturnType<typeof publicUrls>;

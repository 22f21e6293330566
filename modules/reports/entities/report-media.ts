/** One photo or video of a report, as kept in the media library (its id is the file's hash). */
export interface ReportMediaItem {
  readonly id: string;
  readonly kind: 'photo' | 'video';
  readonly mimeType: string;
  readonly size: number;
}

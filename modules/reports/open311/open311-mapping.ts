/**
 * Reports in Open311 GeoReport v2 shapes (http://wiki.open311.org/GeoReport_v2): the spec's field names,
 * `open`/`closed` status, and its error format `[{ code, description }]`. The public code is the
 * `service_request_id`, so a report has one id on the chat, the admin and Open311.
 */
import type { HttpResponse } from '../../../core/internal.js';
import { isClosed, type Report, type ReportCategory } from '../entities/index.js';
import { categoryName } from '../service/report-settings-service.js';

/** A spec error reply: the HTTP status and `[{ code, description }]`. */
export function open311Error(status: number, description: string): HttpResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify([{ code: status, description }]) };
}

/** A JSON reply (arrays included: `HttpResponse.body` as a string). */
export function open311Json(value: unknown, status = 200): HttpResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
}

/** One entry of `services.json`. */
export function toService(category: ReportCategory, locale: string) {
  return {
    service_code: category.code,
    service_name: categoryName(category, category.code, locale),
    description: categoryName(category, category.code, locale),
    metadata: false,
    type: 'realtime',
    keywords: '',
    group: '',
  };
}

/** One service request as `requests.json` lists it. */
export function toServiceRequest(report: Report, categories: readonly ReportCategory[], locale: string, statusNotes: string | null, mediaUrl: string | null = null) {
  return {
    service_request_id: report.code,
    status: isClosed(report.status) ? 'closed' : 'open',
    status_notes: statusNotes,
    service_name: categoryName(categories.find((c) => c.code === report.category), report.category, locale),
    service_code: report.category,
    description: report.description,
    agency_responsible: null,
    service_notice: null,
    requested_datetime: report.createdAt.toISOString(),
    updated_datetime: report.updatedAt.toISOString(),
    expected_datetime: null,
    address: report.address ?? null,
    address_id: null,
    zipcode: null,
    lat: report.latitude ?? null,
    long: report.longitude ?? null,
    media_url: mediaUrl,
  };
}

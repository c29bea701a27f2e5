/** An answer to a `customers/data_request` webhook, downloaded as JSON from `GET /api/data-exports/:id`. */
export interface DataExport {
  id: string;
  customerId: string;
  /** The platform's `data_request.id`. */
  requestId: string | null;
  createdAt: string;
}

/** `GET /api/data-exports`: newest first. */
export interface DataExportList {
  exports: DataExport[];
}

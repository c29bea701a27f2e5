-- One export per data request: a re-delivered or re-processed customers/data_request stores nothing twice.
CREATE UNIQUE INDEX "customer_data_exports_shop_id_request_id_key" ON "customer_data_exports"("shop_id", "request_id");

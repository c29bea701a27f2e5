/**
 * How the admin names a product variant: the product's title, and the variant's after a dash when the product has
 * several ("Handmühle – Edelstahl"). Pure (no imports): unit tests in web/test/browser import it under NodeNext.
 */
export const productTitle = (product: { title: string; variantTitle: string | null }): string =>
  product.variantTitle ? `${product.title} – ${product.variantTitle}` : product.title;

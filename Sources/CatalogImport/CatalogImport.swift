// CatalogImport: `chanjiao import-moe` (the real catalogs from ../shared/data) and the seeded
// scale generator (`chanjiao generate`).

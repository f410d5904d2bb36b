// The printed documents' surface (DESIGN.md: other modules import only from index.ts).
export { DocumentsService, documentKinds, MISSING_PRINT_MAX, type DocumentKind, type PrintedFile } from './documents.service';
export { documentsRoutes } from './documents.routes';
export { registerDocumentCommands } from './documents.commands';
export { resolvePdfFont, PDF_FONT_ENV, type PdfFont } from './pdf-font';

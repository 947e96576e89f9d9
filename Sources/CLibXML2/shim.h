#ifndef CHANJIAO_CLIBXML2_SHIM_H
#define CHANJIAO_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* libxml2's encoding.h pulls in the system ICU headers when libxml2 was built with ICU; they
   clash with Foundation's own ICU module. Chanjiao never touches the ICU converter fields. */
#ifdef LIBXML_ICU_ENABLED
#undef LIBXML_ICU_ENABLED
#endif
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlversion.h>

/// Frees memory that libxml2 allocated. `xmlFree` is a global function pointer, which Swift 6 rejects.
static inline void chanjiao_xmlFree(void *p) { xmlFree(p); }

/// The structured-error callback with a stable signature across libxml2 versions
/// (the error pointer became `const` in 2.12).
typedef void (*chanjiao_error_fn)(void *user, const xmlError *error);

/// Where structured errors go: a function and its user pointer.
typedef struct chanjiao_error_sink { chanjiao_error_fn fn; void *user; } chanjiao_error_sink;

#if LIBXML_VERSION >= 21200
#define CHANJIAO_ERRPTR const xmlError *
#else
#define CHANJIAO_ERRPTR xmlErrorPtr
#endif

/// Schema validation errors: the sink is the callback's data pointer.
static inline void chanjiao_schema_serror(void *data, CHANJIAO_ERRPTR error) {
    chanjiao_error_sink *s = (chanjiao_error_sink *)data;
    if (s != NULL && s->fn != NULL && error != NULL) s->fn(s->user, (const xmlError *)error);
}

/// Parser errors: libxml2 passes the SAX user data (which the schema plug replaces), so the sink
/// is found through the parser context's `_private` field instead.
static inline void chanjiao_parser_serror(void *data, CHANJIAO_ERRPTR error) {
    (void)data;
    if (error == NULL || error->ctxt == NULL) return;
    xmlParserCtxtPtr c = (xmlParserCtxtPtr)error->ctxt;
    chanjiao_error_sink *s = (chanjiao_error_sink *)c->_private;
    if (s != NULL && s->fn != NULL) s->fn(s->user, (const xmlError *)error);
}

/// Routes a parser context's errors to `s`.
static inline void chanjiao_ctxt_set_errors(xmlParserCtxtPtr ctxt, chanjiao_error_sink *s) {
    if (ctxt == NULL) return;
    ctxt->_private = s;
    if (ctxt->sax != NULL) {
        ctxt->sax->serror = chanjiao_parser_serror;
        ctxt->sax->error = NULL;
        ctxt->sax->warning = NULL;
        ctxt->sax->fatalError = NULL;
    }
}

/// Routes a schema validation context's errors to `s`.
static inline void chanjiao_schema_valid_set_errors(xmlSchemaValidCtxtPtr v, chanjiao_error_sink *s) {
    xmlSchemaSetValidStructuredErrors(v, chanjiao_schema_serror, s);
}

/// Routes a schema parser context's errors to `s`.
static inline void chanjiao_schema_parser_set_errors(xmlSchemaParserCtxtPtr p, chanjiao_error_sink *s) {
    xmlSchemaSetParserStructuredErrors(p, chanjiao_schema_serror, s);
}

/// Silences libxml2's global generic error output (it prints to stderr otherwise).
static void chanjiao_silent_generic(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
static inline void chanjiao_silence_globals(void) {
    xmlSetGenericErrorFunc(NULL, chanjiao_silent_generic);
    xmlSetStructuredErrorFunc(NULL, NULL);
}

/// Current line of the parser's input.
static inline int chanjiao_ctxt_line(xmlParserCtxtPtr c) { return (c && c->input) ? c->input->line : 0; }
/// Current column (characters) of the parser's input.
static inline int chanjiao_ctxt_col(xmlParserCtxtPtr c) { return (c && c->input) ? c->input->col : 0; }
/// Current read pointer of the parser's input.
static inline const xmlChar *chanjiao_ctxt_cur(xmlParserCtxtPtr c) { return (c && c->input) ? c->input->cur : NULL; }
/// Start of the parser's input buffer.
static inline const xmlChar *chanjiao_ctxt_base(xmlParserCtxtPtr c) { return (c && c->input) ? c->input->base : NULL; }
/// Whether the parser is still willing to parse.
static inline int chanjiao_ctxt_disable_sax(xmlParserCtxtPtr c) { return c ? c->disableSAX : 1; }

#endif

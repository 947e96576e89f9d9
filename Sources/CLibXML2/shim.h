#ifndef CHANJIAO_CLIBXML2_SHIM_H
#define CHANJIAO_CLIBXML2_SHIM_H

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

struct chanjiao_error_trampoline { chanjiao_error_fn fn; void *user; };

static inline void chanjiao_structured_error(void *user,
#if LIBXML_VERSION >= 21200
                                             const xmlError *error
#else
                                             xmlErrorPtr error
#endif
) {
    struct chanjiao_error_trampoline *t = (struct chanjiao_error_trampoline *)user;
    if (t != NULL && t->fn != NULL) t->fn(t->user, (const xmlError *)error);
}

/// Installs `t` as the structured error handler of a push-parser context.
static inline void chanjiao_ctxt_set_errors(xmlParserCtxtPtr ctxt, struct chanjiao_error_trampoline *t) {
    /* The parser reports through ctxt->sax->serror when SAX2 is initialised. */
    if (ctxt != NULL && ctxt->sax != NULL) {
        ctxt->sax->serror = chanjiao_structured_error;
        ctxt->sax->error = NULL;
        ctxt->sax->warning = NULL;
    }
    (void)t;
}

/// Installs `t` as the structured error handler of a schema validation context.
static inline void chanjiao_schema_valid_set_errors(xmlSchemaValidCtxtPtr v, struct chanjiao_error_trampoline *t) {
    xmlSchemaSetValidStructuredErrors(v, chanjiao_structured_error, t);
}

/// Installs `t` as the structured error handler of a schema parser context.
static inline void chanjiao_schema_parser_set_errors(xmlSchemaParserCtxtPtr p, struct chanjiao_error_trampoline *t) {
    xmlSchemaSetParserStructuredErrors(p, chanjiao_structured_error, t);
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

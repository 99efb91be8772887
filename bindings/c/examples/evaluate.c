/* Evaluates one case file with the embedded rule packs and prints the determination JSON
 * (or the error JSON, on standard error). See bindings/c/README.md. */
#include <stdio.h>
#include <stdlib.h>

#include "safeguarding_rules.h"

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    if (text && fread(text, 1, (size_t)n, f) == (size_t)n) {
        text[n] = '\0';
    } else {
        free(text);
        text = NULL;
    }
    fclose(f);
    return text;
}

int main(int argc, char **argv) {
    char *case_json = argc == 2 ? read_file(argv[1]) : NULL;
    if (!case_json) {
        fprintf(stderr, "usage: evaluate CASE.json\n");
        return 2;
    }
    sgr_engine *engine = NULL;
    char *out = NULL;
    int rc = sgr_engine_new(NULL, &engine, &out); /* NULL: the embedded rule packs only */
    if (rc == SGR_OK) rc = sgr_evaluate(engine, case_json, "{\"counterfactuals\": true}", &out);
    fprintf(rc == SGR_OK ? stdout : stderr, "%s\n", out);
    sgr_string_free(out);      /* every string from the library, and only those */
    sgr_engine_free(engine);   /* NULL is fine */
    free(case_json);
    return rc;
}

/*
 * The C client's test of libsafeguarding_rules: every function on good and bad input,
 * then the conformance list (tests/conformance/cases.jsonl) byte for byte, then a few
 * threads sharing one engine. Run from the repository root (or give it as the first
 * argument); bindings/c/ci.sh builds and runs it under valgrind.
 *
 * Prints one line per failure and closes with "N passed, N failed"; exits 1 on a failure.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "safeguarding_rules.h"

static int passed = 0;
static int failed = 0;

static void check(int ok, const char *what, const char *detail) {
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    }
}

/* A string of `n` copies of `c`, NUL-terminated. */
static char *repeat(char c, size_t n) {
    char *s = malloc(n + 1);
    if (!s) {
        perror("malloc");
        exit(2);
    }
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static char *concat3(const char *a, const char *b, const char *c) {
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *s = malloc(la + lb + lc + 1);
    if (!s) {
        perror("malloc");
        exit(2);
    }
    memcpy(s, a, la);
    memcpy(s + la, b, lb);
    memcpy(s + la + lb, c, lc + 1);
    return s;
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (!s || fread(s, 1, (size_t)n, f) != (size_t)n) {
        perror(path);
        exit(2);
    }
    s[n] = '\0';
    fclose(f);
    return s;
}

/*
 * Checks a failed call: the return code, and that `out` is the error JSON with this
 * `code`, a string `message` and a `problems` array whose members each have a non-empty
 * string `code`. Frees `out`.
 */
static void expect_error(const char *what, int rc, char *out, int want_rc, const char *want_code) {
    char detail[512];
    snprintf(detail, sizeof detail, "return code %d, expected %d; out: %.200s", rc, want_rc,
             out ? out : "(null)");
    check(rc == want_rc, what, detail);
    cJSON *e = out ? cJSON_Parse(out) : NULL;
    int ok = e != NULL;
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "code");
    const cJSON *message = cJSON_GetObjectItemCaseSensitive(e, "message");
    const cJSON *problems = cJSON_GetObjectItemCaseSensitive(e, "problems");
    ok = ok && cJSON_IsString(code) && strcmp(code->valuestring, want_code) == 0;
    ok = ok && cJSON_IsString(message) && message->valuestring[0] != '\0';
    ok = ok && cJSON_IsArray(problems);
    const cJSON *p;
    cJSON_ArrayForEach(p, problems) {
        const cJSON *pc = cJSON_GetObjectItemCaseSensitive(p, "code");
        const cJSON *pointer = cJSON_GetObjectItemCaseSensitive(p, "pointer");
        ok = ok && cJSON_IsString(pc) && pc->valuestring[0] != '\0' && cJSON_IsString(pointer);
    }
    snprintf(detail, sizeof detail, "expected the error JSON of a %s; out: %.300s", want_code,
             out ? out : "(null)");
    check(ok, what, detail);
    cJSON_Delete(e);
    sgr_string_free(out);
}

/* Checks that the error JSON in `out` has at least one problem; does not free. */
static void expect_problems(const char *what, const char *out) {
    cJSON *e = out ? cJSON_Parse(out) : NULL;
    const cJSON *problems = cJSON_GetObjectItemCaseSensitive(e, "problems");
    check(cJSON_IsArray(problems) && cJSON_GetArraySize(problems) > 0, what, out);
    cJSON_Delete(e);
}

/* Checks a successful call whose result is JSON; returns it parsed (or NULL) and frees `out`. */
static cJSON *expect_json(const char *what, int rc, char *out) {
    check(rc == SGR_OK && out != NULL, what, out);
    cJSON *v = out ? cJSON_Parse(out) : NULL;
    check(v != NULL, what, "the result is not JSON");
    sgr_string_free(out);
    return v;
}

static const char *string_of(const cJSON *object, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(object, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static const char *GOOD_CASE =
    "{\"rule_set\": \"care-act-2014-s44\", \"reference\": \"c-test\", \"as_of\": \"2024-03-01\","
    " \"facts\": {\"in_board_area\": false}}";

static void test_engine_new(const char *root) {
    sgr_engine *engine = (sgr_engine *)1;
    char *err = (char *)1;
    int rc;

    check(sgr_abi_version() == 1, "sgr_abi_version is 1", NULL);

    rc = sgr_engine_new(NULL, &engine, &err);
    check(rc == SGR_OK && engine != NULL && err == NULL, "sgr_engine_new(NULL)", NULL);
    sgr_engine_free(engine);

    rc = sgr_engine_new("null", &engine, &err);
    check(rc == SGR_OK && engine != NULL && err == NULL, "sgr_engine_new(\"null\")", NULL);
    sgr_engine_free(engine);

    rc = sgr_engine_new("[]", &engine, NULL);
    check(rc == SGR_OK && engine != NULL, "sgr_engine_new([]) with error_json NULL", NULL);
    sgr_engine_free(engine);

    rc = sgr_engine_new(NULL, NULL, &err);
    expect_error("sgr_engine_new with engine NULL", rc, err, SGR_USAGE, "usage_error");
    check(sgr_engine_new(NULL, NULL, NULL) == SGR_USAGE, "sgr_engine_new(NULL, NULL, NULL)", NULL);

    engine = (sgr_engine *)1;
    rc = sgr_engine_new("[\"{", &engine, &err);
    check(engine == NULL, "a failed sgr_engine_new writes NULL to *engine", NULL);
    expect_error("sgr_engine_new: rule files not JSON", rc, err, SGR_BAD_INPUT, "load_error");

    rc = sgr_engine_new("{\"a\": 1}", &engine, &err);
    expect_error("sgr_engine_new: rule files not an array", rc, err, SGR_BAD_INPUT, "load_error");

    rc = sgr_engine_new("[1]", &engine, &err);
    expect_error("sgr_engine_new: a rule file not a string", rc, err, SGR_BAD_INPUT, "load_error");

    rc = sgr_engine_new("[\"{\\\"id\\\": \\\"x\\\"}\"]", &engine, &err);
    check(engine == NULL, "a bad rule file makes no engine", NULL);
    expect_problems("a bad rule file's problems", err);
    expect_error("sgr_engine_new: a bad rule file", rc, err, SGR_BAD_INPUT, "load_error");

    rc = sgr_engine_new("[\"{\xff\xfe}\"]", &engine, &err);
    expect_problems("rule files not UTF-8: a problem", err);
    expect_error("sgr_engine_new: rule files not UTF-8", rc, err, SGR_BAD_INPUT, "load_error");

    /* An extra rule file that imports nothing: the Harbour Lanterns Act example. */
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/rules/lantern-act.json", root);
    char *act = read_file(path);
    snprintf(path, sizeof path, "%s/examples/rules/lantern-case.json", root);
    char *lantern_case = read_file(path);
    cJSON *files = cJSON_CreateArray();
    cJSON_AddItemToArray(files, cJSON_CreateString(act));
    char *files_json = cJSON_PrintUnformatted(files);
    cJSON_Delete(files);

    rc = sgr_engine_new(files_json, &engine, &err);
    check(rc == SGR_OK && engine != NULL && err == NULL, "sgr_engine_new with an extra rule file", err);
    char *out = NULL;
    rc = sgr_evaluate(engine, lantern_case, NULL, &out);
    cJSON *det = expect_json("the extra rule file's case evaluates", rc, out);
    check(strcmp(string_of(cJSON_GetObjectItemCaseSensitive(det, "rule_set"), "id"),
                 "harbour-lanterns-act-2031") == 0,
          "the extra rule file decides its case", NULL);
    cJSON_Delete(det);
    rc = sgr_case_schema(engine, "harbour-lanterns-act-2031", &out);
    cJSON_Delete(expect_json("sgr_case_schema of the extra rule set", rc, out));
    sgr_engine_free(engine);

    /* Without it, the same case names a rule set the book does not have. */
    sgr_engine_new(NULL, &engine, NULL);
    rc = sgr_evaluate(engine, lantern_case, NULL, &out);
    expect_error("sgr_evaluate: an unknown rule set", rc, out, SGR_BAD_INPUT, "book_error");
    sgr_engine_free(engine);

    cJSON_free(files_json);
    free(act);
    free(lantern_case);
}

/* The riverside example: a case contradicting a constraint is a case_error whose problem
 * code is `contradiction`, positioned at the fact. */
static void test_contradiction(const char *root) {
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/rules/riverside-act/riverside-act.json", root);
    char *act = read_file(path);
    snprintf(path, sizeof path, "%s/examples/rules/riverside-act/cases/contradiction-adult-aged-15.json",
             root);
    char *contradiction = read_file(path);
    cJSON *files = cJSON_CreateArray();
    cJSON_AddItemToArray(files, cJSON_CreateString(act));
    char *files_json = cJSON_PrintUnformatted(files);
    cJSON_Delete(files);

    sgr_engine *engine = NULL;
    char *out = NULL;
    int rc = sgr_engine_new(files_json, &engine, &out);
    check(rc == SGR_OK && engine != NULL, "sgr_engine_new with the riverside rule file", out);
    rc = sgr_evaluate(engine, contradiction, NULL, &out);
    cJSON *e = out ? cJSON_Parse(out) : NULL;
    const cJSON *problem = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(e, "problems"), 0);
    check(strcmp(string_of(problem, "code"), "contradiction") == 0 &&
              strcmp(string_of(problem, "pointer"), "/facts/age") == 0,
          "a contradicting case's problem is `contradiction` at /facts/age", out);
    cJSON_Delete(e);
    expect_error("sgr_evaluate: a case contradicting a constraint", rc, out, SGR_BAD_INPUT,
                 "case_error");
    sgr_engine_free(engine);
    cJSON_free(files_json);
    free(act);
    free(contradiction);
}

static void test_evaluate(const sgr_engine *engine) {
    char *out = NULL;
    int rc;

    /* A case naming a procedure gives an assessment: every decision, by name. */
    rc = sgr_evaluate(engine,
        "{\"procedure\": \"hillingdon-think-family\", \"facts\": {\"age\": 12}}", NULL, &out);
    cJSON *assessment = expect_json("sgr_evaluate: a procedure's case", rc, out);
    cJSON *decisions = cJSON_GetObjectItemCaseSensitive(assessment, "decisions");
    check(cJSON_GetArraySize(decisions) == 5, "an assessment lists five decisions", NULL);
    cJSON *sar = cJSON_GetArrayItem(decisions, 1);
    check(strcmp(string_of(sar, "name"), "sar_panel") == 0, "the second decision", NULL);
    check(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(sar, "applies")),
          "sar_panel does not apply to a child", NULL);
    cJSON_Delete(assessment);

    rc = sgr_evaluate(engine, GOOD_CASE, NULL, &out);
    cJSON *det = expect_json("sgr_evaluate: a good case", rc, out);
    check(strcmp(string_of(det, "outcome"), "outside_section_44") == 0, "the outcome", NULL);
    cJSON_Delete(det);

    rc = sgr_evaluate(engine, GOOD_CASE, "{\"as_of\": \"2024-03-02\", \"counterfactuals\": true}", &out);
    cJSON_Delete(expect_json("sgr_evaluate with options", rc, out));

    rc = sgr_evaluate(engine, GOOD_CASE, "null", &out);
    cJSON_Delete(expect_json("sgr_evaluate with options null", rc, out));

    rc = sgr_evaluate(NULL, GOOD_CASE, NULL, &out);
    expect_error("sgr_evaluate: engine NULL", rc, out, SGR_USAGE, "usage_error");
    rc = sgr_evaluate(engine, NULL, NULL, &out);
    expect_error("sgr_evaluate: case NULL", rc, out, SGR_USAGE, "usage_error");
    check(sgr_evaluate(engine, GOOD_CASE, NULL, NULL) == SGR_USAGE, "sgr_evaluate: out NULL", NULL);
    check(sgr_evaluate(NULL, NULL, NULL, NULL) == SGR_USAGE, "sgr_evaluate: all NULL", NULL);

    rc = sgr_evaluate(engine, "{\"facts\": {\"in_board_area\": \"\xff\"}}", NULL, &out);
    expect_problems("sgr_evaluate: case not UTF-8: a problem", out);
    expect_error("sgr_evaluate: case not UTF-8", rc, out, SGR_BAD_INPUT, "case_error");

    rc = sgr_evaluate(engine, "{\"facts\": ", NULL, &out);
    expect_error("sgr_evaluate: bad JSON", rc, out, SGR_BAD_INPUT, "case_error");
    rc = sgr_evaluate(engine, "", NULL, &out);
    expect_error("sgr_evaluate: empty text", rc, out, SGR_BAD_INPUT, "case_error");
    rc = sgr_evaluate(engine, "[1, 2]", NULL, &out);
    expect_error("sgr_evaluate: not an object", rc, out, SGR_BAD_INPUT, "case_error");

    rc = sgr_evaluate(engine, "{\"facts\": {\"adult_stauts\": \"died\"}}", NULL, &out);
    expect_problems("sgr_evaluate: an undeclared fact: a problem", out);
    expect_error("sgr_evaluate: an undeclared fact", rc, out, SGR_BAD_INPUT, "case_error");

    rc = sgr_evaluate(engine, "{\"rule_set\": \"no-such-rule-set\", \"facts\": {}}", NULL, &out);
    expect_error("sgr_evaluate: an unknown rule set", rc, out, SGR_BAD_INPUT, "book_error");

    /* 100,000-deep nesting, as text: the whole case, and a fact's value. */
    char *open = repeat('[', 100000), *close = repeat(']', 100000);
    char *deep = concat3(open, "", close);
    rc = sgr_evaluate(engine, deep, NULL, &out);
    expect_error("sgr_evaluate: 100,000-deep nesting", rc, out, SGR_BAD_INPUT, "case_error");
    char *deep_fact_head = concat3("{\"facts\": {\"in_board_area\": ", open, "");
    char *deep_fact = concat3(deep_fact_head, close, "}}");
    rc = sgr_evaluate(engine, deep_fact, NULL, &out);
    expect_error("sgr_evaluate: a 100,000-deep fact", rc, out, SGR_BAD_INPUT, "case_error");
    rc = sgr_evaluate(engine, GOOD_CASE, deep, &out);
    expect_error("sgr_evaluate: 100,000-deep options", rc, out, SGR_USAGE, "usage_error");
    free(deep_fact_head);
    free(deep_fact);
    free(deep);
    free(open);
    free(close);

    /* A 20 MB string inside a case. */
    char *big = repeat('a', 20 * 1024 * 1024);
    char *huge = concat3("{\"reference\": \"", big, "\", \"facts\": {}}");
    rc = sgr_evaluate(engine, huge, NULL, &out);
    expect_error("sgr_evaluate: a 20 MB case", rc, out, SGR_BAD_INPUT, "case_error");
    free(huge);
    free(big);

    /* Options. */
    rc = sgr_evaluate(engine, GOOD_CASE, "{\"asof\": \"2024-03-01\"}", &out);
    expect_problems("sgr_evaluate: an unknown option: a problem", out);
    expect_error("sgr_evaluate: an unknown option", rc, out, SGR_USAGE, "usage_error");
    rc = sgr_evaluate(engine, GOOD_CASE, "{\"counterfactuals\": 1}", &out);
    expect_error("sgr_evaluate: a bad option", rc, out, SGR_USAGE, "usage_error");
    rc = sgr_evaluate(engine, GOOD_CASE, "{", &out);
    expect_error("sgr_evaluate: options not JSON", rc, out, SGR_USAGE, "usage_error");
    rc = sgr_evaluate(engine, GOOD_CASE, "{\"as_of\": \"\xc3\x28\"}", &out);
    expect_error("sgr_evaluate: options not UTF-8", rc, out, SGR_USAGE, "usage_error");
}

static void test_render_record_replay(const sgr_engine *engine) {
    char *out = NULL, *json = NULL, *rendered = NULL;
    int rc;

    rc = sgr_evaluate(engine, GOOD_CASE, NULL, &json);
    rc = sgr_render(engine, GOOD_CASE, "json", NULL, &rendered);
    check(rc == SGR_OK && json && rendered && strcmp(json, rendered) == 0,
          "sgr_render json is sgr_evaluate's bytes", NULL);
    sgr_string_free(json);
    sgr_string_free(rendered);

    const char *formats[] = {"text", "markdown", "dot", "mermaid", "html"};
    /* How each rendering starts: a picture and a record are what they claim to be. */
    const char *starts[] = {"outcome: ", "# Record of reasons: ", "digraph decision_path {",
                            "flowchart LR", "<!DOCTYPE html>"};
    for (int i = 0; i < 5; i++) {
        rc = sgr_render(engine, GOOD_CASE, formats[i], "{\"counterfactuals\": true}", &out);
        check(rc == SGR_OK && out && strncmp(out, starts[i], strlen(starts[i])) == 0, "sgr_render",
              formats[i]);
        sgr_string_free(out);
    }
    rc = sgr_render(engine, GOOD_CASE, "html", NULL, &out);
    check(rc == SGR_OK && out && strstr(out, "<svg") && !strstr(out, "<script"),
          "sgr_render html: inline SVG, no script", NULL);
    sgr_string_free(out);
    rc = sgr_render(engine, GOOD_CASE, "pdf", NULL, &out);
    expect_error("sgr_render: unknown format", rc, out, SGR_USAGE, "usage_error");
    rc = sgr_render(engine, GOOD_CASE, NULL, NULL, &out);
    expect_error("sgr_render: format NULL", rc, out, SGR_USAGE, "usage_error");
    rc = sgr_render(engine, GOOD_CASE, "te\xffxt", NULL, &out);
    expect_error("sgr_render: format not UTF-8", rc, out, SGR_USAGE, "usage_error");
    rc = sgr_render(NULL, GOOD_CASE, "text", NULL, &out);
    expect_error("sgr_render: engine NULL", rc, out, SGR_USAGE, "usage_error");
    rc = sgr_render(engine, NULL, "text", NULL, &out);
    expect_error("sgr_render: case NULL", rc, out, SGR_USAGE, "usage_error");
    rc = sgr_render(engine, "{\"facts\": []}", "text", NULL, &out);
    expect_error("sgr_render: a bad case", rc, out, SGR_BAD_INPUT, "case_error");
    check(sgr_render(engine, GOOD_CASE, "text", NULL, NULL) == SGR_USAGE, "sgr_render: out NULL", NULL);

    char *line = NULL;
    rc = sgr_record(engine, GOOD_CASE, "{\"as_of\": \"2024-03-02\"}", &line);
    check(rc == SGR_OK && line && strchr(line, '\n') == NULL, "sgr_record: one line", line);
    rc = sgr_replay(engine, line, &out);
    cJSON *report = expect_json("sgr_replay of a fresh record", rc, out);
    check(strcmp(string_of(report, "verdict"), "matched") == 0, "the fresh record matches",
          string_of(report, "detail"));
    check(strcmp(string_of(report, "reference"), "c-test") == 0, "the replay's reference", NULL);
    cJSON_Delete(report);
    sgr_string_free(line);

    rc = sgr_record(NULL, GOOD_CASE, NULL, &out);
    expect_error("sgr_record: engine NULL", rc, out, SGR_USAGE, "usage_error");
    rc = sgr_record(engine, NULL, NULL, &out);
    expect_error("sgr_record: case NULL", rc, out, SGR_USAGE, "usage_error");
    rc = sgr_record(engine, "{\"facts\": {\"in_board_area\": 7}}", NULL, &out);
    expect_error("sgr_record: a bad case", rc, out, SGR_BAD_INPUT, "case_error");
    rc = sgr_record(engine, "\xff", NULL, &out);
    expect_error("sgr_record: case not UTF-8", rc, out, SGR_BAD_INPUT, "case_error");
    rc = sgr_record(engine, GOOD_CASE, "[]", &out);
    expect_error("sgr_record: bad options", rc, out, SGR_USAGE, "usage_error");
    check(sgr_record(engine, GOOD_CASE, NULL, NULL) == SGR_USAGE, "sgr_record: out NULL", NULL);

    rc = sgr_replay(engine, "not a record", &out);
    report = expect_json("sgr_replay: a line that is not a record", rc, out);
    check(strcmp(string_of(report, "verdict"), "invalid") == 0, "its verdict is invalid", NULL);
    cJSON_Delete(report);
    rc = sgr_replay(engine, "{\"format\": \"\xff\"}", &out);
    expect_error("sgr_replay: a line not UTF-8", rc, out, SGR_BAD_INPUT, "case_error");
    rc = sgr_replay(NULL, "{}", &out);
    expect_error("sgr_replay: engine NULL", rc, out, SGR_USAGE, "usage_error");
    rc = sgr_replay(engine, NULL, &out);
    expect_error("sgr_replay: line NULL", rc, out, SGR_USAGE, "usage_error");
    check(sgr_replay(engine, "{}", NULL) == SGR_USAGE, "sgr_replay: out NULL", NULL);

    char *open = repeat('[', 100000), *close = repeat(']', 100000);
    char *deep = concat3(open, "", close);
    rc = sgr_replay(engine, deep, &out);
    report = expect_json("sgr_replay: 100,000-deep nesting", rc, out);
    check(strcmp(string_of(report, "verdict"), "invalid") == 0, "a deep line is invalid", NULL);
    cJSON_Delete(report);
    free(deep);
    free(open);
    free(close);

    char *big = repeat('a', 20 * 1024 * 1024);
    char *huge = concat3("{\"format\": \"", big, "\"}");
    rc = sgr_replay(engine, huge, &out);
    report = expect_json("sgr_replay: a 20 MB line", rc, out);
    check(strcmp(string_of(report, "verdict"), "invalid") == 0, "a 20 MB line is invalid", NULL);
    cJSON_Delete(report);
    free(huge);
    free(big);
}

static void test_schemas(const sgr_engine *engine) {
    char *out = NULL;
    int rc;
    const char *which[] = {"rules", "determination", "record", "case"};
    for (int i = 0; i < 4; i++) {
        rc = sgr_schema(which[i], &out);
        cJSON_Delete(expect_json("sgr_schema", rc, out));
    }
    rc = sgr_schema("nope", &out);
    expect_error("sgr_schema: unknown schema", rc, out, SGR_USAGE, "usage_error");
    rc = sgr_schema(NULL, &out);
    expect_error("sgr_schema: which NULL", rc, out, SGR_USAGE, "usage_error");
    rc = sgr_schema("\xffrules", &out);
    expect_error("sgr_schema: which not UTF-8", rc, out, SGR_USAGE, "usage_error");
    check(sgr_schema("rules", NULL) == SGR_USAGE, "sgr_schema: out NULL", NULL);

    rc = sgr_case_schema(engine, "care-act-2014-s44", &out);
    cJSON_Delete(expect_json("sgr_case_schema", rc, out));
    rc = sgr_case_schema(engine, "no-such-rule-set", &out);
    expect_error("sgr_case_schema: unknown rule set", rc, out, SGR_BAD_INPUT, "book_error");
    rc = sgr_case_schema(engine, NULL, &out);
    expect_error("sgr_case_schema: id NULL", rc, out, SGR_USAGE, "usage_error");
    rc = sgr_case_schema(NULL, "care-act-2014-s44", &out);
    expect_error("sgr_case_schema: engine NULL", rc, out, SGR_USAGE, "usage_error");
    rc = sgr_case_schema(engine, "\xff", &out);
    expect_error("sgr_case_schema: id not UTF-8", rc, out, SGR_BAD_INPUT, "case_error");
    check(sgr_case_schema(engine, "care-act-2014-s44", NULL) == SGR_USAGE,
          "sgr_case_schema: out NULL", NULL);

    sgr_string_free(NULL);
    sgr_engine_free(NULL);
    check(1, "sgr_string_free(NULL) and sgr_engine_free(NULL)", NULL);
}

/* The conformance list: each case's determination, byte for byte. */
typedef struct {
    char *name;
    char *case_json;
    char *rule_files_json; /* NULL when the list gives none */
    char *determination;
} conformance_case;

static size_t read_conformance(const char *root, conformance_case **cases) {
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/conformance/cases.jsonl", root);
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    size_t n = 0, cap = 0;
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t len;
    *cases = NULL;
    while ((len = getline(&line, &line_cap, f)) > 0) {
        cJSON *v = cJSON_Parse(line);
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(v, "name");
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(v, "case");
        const cJSON *files = cJSON_GetObjectItemCaseSensitive(v, "rule_files");
        const cJSON *det = cJSON_GetObjectItemCaseSensitive(v, "determination");
        if (!cJSON_IsString(name) || !cJSON_IsString(c) || !cJSON_IsArray(files) ||
            !cJSON_IsString(det)) {
            check(0, "a conformance line has name, case, rule_files and determination", path);
            cJSON_Delete(v);
            continue;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 128;
            *cases = realloc(*cases, cap * sizeof **cases);
        }
        conformance_case *cc = &(*cases)[n++];
        cc->name = strdup(name->valuestring);
        cc->case_json = strdup(c->valuestring);
        cc->determination = strdup(det->valuestring);
        if (cJSON_GetArraySize(files) > 0) {
            char *printed = cJSON_PrintUnformatted(files);
            cc->rule_files_json = strdup(printed);
            cJSON_free(printed);
        } else {
            cc->rule_files_json = NULL;
        }
        cJSON_Delete(v);
    }
    free(line);
    fclose(f);
    return n;
}

static void free_conformance(conformance_case *cases, size_t n) {
    for (size_t i = 0; i < n; i++) {
        free(cases[i].name);
        free(cases[i].case_json);
        free(cases[i].rule_files_json);
        free(cases[i].determination);
    }
    free(cases);
}

/* One case through `engine` (or, when it has rule files, a fresh engine); 1 when equal. */
static int conforms(const sgr_engine *engine, const conformance_case *cc, char **got) {
    sgr_engine *own = NULL;
    if (cc->rule_files_json) {
        char *err = NULL;
        if (sgr_engine_new(cc->rule_files_json, &own, &err) != SGR_OK) {
            *got = err;
            return 0;
        }
        engine = own;
    }
    int rc = sgr_evaluate(engine, cc->case_json, NULL, got);
    sgr_engine_free(own);
    return rc == SGR_OK && strcmp(*got, cc->determination) == 0;
}

static void test_conformance(const sgr_engine *engine, conformance_case *cases, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char *got = NULL;
        int ok = conforms(engine, &cases[i], &got);
        check(ok, cases[i].name, ok ? NULL : "the determination differs from the conformance list");
        sgr_string_free(got);
    }
    check(n >= 100, "the conformance list has every example and scenario case", NULL);
}

/* tests/conformance/renderings.jsonl: the pictures and records of reasons of a few cases,
 * each through sgr_render, byte for byte. */
static void test_renderings(const char *root) {
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/conformance/renderings.jsonl", root);
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    char *line = NULL;
    size_t line_cap = 0, count = 0;
    while (getline(&line, &line_cap, f) > 0) {
        cJSON *v = cJSON_Parse(line);
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(v, "name");
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(v, "case");
        const cJSON *files = cJSON_GetObjectItemCaseSensitive(v, "rule_files");
        const cJSON *format = cJSON_GetObjectItemCaseSensitive(v, "format");
        const cJSON *output = cJSON_GetObjectItemCaseSensitive(v, "output");
        if (!cJSON_IsString(name) || !cJSON_IsString(c) || !cJSON_IsArray(files) ||
            !cJSON_IsString(format) || !cJSON_IsString(output)) {
            check(0, "a renderings line has name, case, rule_files, format and output", path);
            cJSON_Delete(v);
            continue;
        }
        char *files_json = cJSON_PrintUnformatted(files);
        sgr_engine *engine = NULL;
        char *got = NULL;
        int ok = sgr_engine_new(files_json, &engine, &got) == SGR_OK &&
                 sgr_render(engine, c->valuestring, format->valuestring, NULL, &got) == SGR_OK &&
                 strcmp(got, output->valuestring) == 0;
        check(ok, name->valuestring, format->valuestring);
        sgr_string_free(got);
        sgr_engine_free(engine);
        cJSON_free(files_json);
        cJSON_Delete(v);
        count++;
    }
    free(line);
    fclose(f);
    check(count >= 16, "the renderings list has the pictures of four cases", NULL);
}

/* Threads sharing one engine: each runs the whole list and counts mismatches. */
typedef struct {
    const sgr_engine *engine;
    conformance_case *cases;
    size_t n;
    size_t offset;
    int mismatches;
} thread_job;

static void *run_thread(void *arg) {
    thread_job *job = arg;
    for (size_t k = 0; k < job->n; k++) {
        const conformance_case *cc = &job->cases[(k + job->offset) % job->n];
        char *got = NULL;
        if (!conforms(job->engine, cc, &got)) job->mismatches++;
        sgr_string_free(got);
    }
    return NULL;
}

static void test_threads(const sgr_engine *engine, conformance_case *cases, size_t n) {
    enum { THREADS = 4 };
    pthread_t threads[THREADS];
    thread_job jobs[THREADS];
    for (int t = 0; t < THREADS; t++) {
        jobs[t] = (thread_job){engine, cases, n < 24 ? n : 24, (size_t)t * 7, 0};
        pthread_create(&threads[t], NULL, run_thread, &jobs[t]);
    }
    int mismatches = 0;
    for (int t = 0; t < THREADS; t++) {
        pthread_join(threads[t], NULL);
        mismatches += jobs[t].mismatches;
    }
    check(mismatches == 0, "four threads sharing one engine give the same bytes", NULL);
}

/* --- reports (issue 18) --- */
/* The demo history's year through sgr_report: the conformance report's bytes; then errors. */
static void test_report(const sgr_engine *engine, const char *root) {
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/records/history.jsonl", root);
    char *records = read_file(path);
    snprintf(path, sizeof path, "%s/tests/conformance/report-2024.json", root);
    char *expected = read_file(path);
    char *out = NULL;
    int rc = sgr_report(engine, records, "{\"year\": 2024}", &out);
    check(rc == SGR_OK && expected && strcmp(out, expected) == 0, "sgr_report: the conformance report", NULL);
    sgr_string_free(out);
    rc = sgr_report(engine, "not a record\n", NULL, &out);
    cJSON *report = expect_json("sgr_report: a line that is not a record", rc, out);
    cJSON *records_count = cJSON_GetObjectItemCaseSensitive(report, "records");
    cJSON *invalid = cJSON_GetObjectItemCaseSensitive(records_count, "invalid");
    check(cJSON_IsNumber(invalid) && invalid->valueint == 1, "it is counted invalid", NULL);
    cJSON_Delete(report);
    rc = sgr_report(engine, "", "{\"yaer\": 2024}", &out);
    expect_error("sgr_report: an unknown option", rc, out, SGR_USAGE, "usage_error");
    rc = sgr_report(engine, "\xff", NULL, &out);
    expect_error("sgr_report: records not UTF-8", rc, out, SGR_BAD_INPUT, "case_error");
    rc = sgr_report(NULL, "", NULL, &out);
    expect_error("sgr_report: engine NULL", rc, out, SGR_USAGE, "usage_error");
    rc = sgr_report(engine, NULL, NULL, &out);
    expect_error("sgr_report: records NULL", rc, out, SGR_USAGE, "usage_error");
    check(sgr_report(engine, "", NULL, NULL) == SGR_USAGE, "sgr_report: out NULL", NULL);
    free(records);
    free(expected);
}
/* --- end reports --- */

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    sgr_engine *engine = NULL;
    if (sgr_engine_new(NULL, &engine, NULL) != SGR_OK) {
        printf("FAIL: the embedded engine\n0 passed, 1 failed\n");
        return 1;
    }
    test_engine_new(root);
    test_contradiction(root);
    test_evaluate(engine);
    test_render_record_replay(engine);
    test_schemas(engine);
    test_report(engine, root);

    conformance_case *cases = NULL;
    size_t n = read_conformance(root, &cases);
    test_conformance(engine, cases, n);
    test_threads(engine, cases, n);
    free_conformance(cases, n);
    test_renderings(root);

    sgr_engine_free(engine);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

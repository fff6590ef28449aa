/* Fixed texts of the report, in every language (see lang.h). */
#include "lang.h"

const xd_text_entry xd_texts_report[] = {
    {"report.page", "Page %s of %s", "Página %s de %s"},
};
const size_t xd_texts_report_n = sizeof xd_texts_report / sizeof xd_texts_report[0];

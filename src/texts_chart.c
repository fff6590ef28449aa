/* Fixed texts of the charts, in every language (see lang.h). */
#include "lang.h"

const xd_text_entry xd_texts_chart[] = {
    {"chart.source", "Source", "Fuente"},
};
const size_t xd_texts_chart_n = sizeof xd_texts_chart / sizeof xd_texts_chart[0];

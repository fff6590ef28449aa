/* Fixed texts of the charts, in every language (see lang.h). Spanish serves es
 * and es-MX; only number punctuation differs, and C formats every number. */
#include "lang.h"

const xd_text_entry xd_texts_chart[] = {
    /* shared */
    {"chart.source", "Source", "Fuente"},
    {"chart.source_line", "Source: %s.", "Fuente: %s."},
    {"chart.sources_line", "Sources: %s.", "Fuentes: %s."},
    {"chart.sources.more", "%s and %s more listed in sources.csv", "%s y %s más en sources.csv"},
    {"chart.sources.count", "Sources: %s, listed in sources.csv.", "Fuentes: %s, en sources.csv."},
    {"chart.people", "People", "Personas"},
    {"chart.people_per_year", "People per year", "Personas por año"},
    {"chart.people_cumulative", "People, cumulative", "Personas, acumulado"},
    {"chart.year", "Calendar year", "Año calendario"},
    {"chart.month_of", "Month of %s", "Mes de %s"},
    {"chart.month_year", "%s %s", "%s %s"},
    {"chart.people_per_month", "People per month", "Personas por mes"},
    {"chart.unit.year", "year", "año"},
    {"chart.unit.month", "month", "mes"},
    {"chart.no_data", "No data: no sourced figure", "Sin datos: ninguna cifra con fuente"},
    {"chart.transfer", "%s: %s", "%s: %s"},

    /* comparison */
    {"chart.comparison.title", "One day's handover equals %s of an average year of extraditions",
     "La entrega de un solo día equivale al %s de un año promedio de extradiciones"},
    {"chart.comparison.subtitle",
     "%s: mean per year %s–%s (%s, exact %s Poisson interval) and one day's handover on %s. Number of people.",
     "%s: promedio anual %s–%s (%s, intervalo de Poisson exacto al %s) y la entrega del %s. Personas."},
    {"chart.comparison.kind.computed", "computed from the yearly figures", "calculado con las cifras anuales"},
    {"chart.comparison.kind.reported", "a reported figure", "cifra reportada"},
    {"chart.comparison.base", "Average year %s–%s", "Año promedio %s–%s"},
    {"chart.comparison.base.kind", "%s mean", "promedio %s"},
    {"chart.comparison.interval", "%s interval: %s to %s", "intervalo al %s: %s a %s"},
    {"chart.comparison.share", "%s of an average year", "%s de un año promedio"},
    {"chart.comparison.days", "about %s days' worth of treaty extraditions (%s to %s with the %s interval)",
     "unos %s días de extradiciones por tratado (de %s a %s con el intervalo al %s)"},

    /* annual */
    {"chart.annual.title.one",
     "The single-day transfer of %s moved %s, %s of an average year of treaty extraditions",
     "En el traslado de un solo día de %s se entregó a %s, el %s de un año promedio de extradiciones por "
     "tratado"},
    {"chart.annual.title.few",
     "%s single-day transfers in %s moved %s, %s of an average year of treaty extraditions",
     "%s traslados de un solo día en %s entregaron a %s, el %s de un año promedio de extradiciones por "
     "tratado"},
    {"chart.annual.title.many",
     "In %s, %s single-day transfers moved %s, %s of an average year of treaty extraditions",
     "En %s, %s traslados de un solo día entregaron a %s, el %s de un año promedio de extradiciones por "
     "tratado"},
    {"chart.number.2", "Two", "Dos"},
    {"chart.number.3", "Three", "Tres"},
    {"chart.number.4", "Four", "Cuatro"},
    {"chart.number.5", "Five", "Cinco"},
    {"chart.number.6", "Six", "Seis"},
    {"chart.number.7", "Seven", "Siete"},
    {"chart.number.8", "Eight", "Ocho"},
    {"chart.number.9", "Nine", "Nueve"},
    {"chart.number.10", "Ten", "Diez"},
    {"chart.annual.title.noevent", "Treaty extraditions averaged %s a year from %s to %s",
     "Las extradiciones por tratado promediaron %s al año de %s a %s"},
    {"chart.annual.subtitle",
     "%s, %s–%s, and the single-day transfers outside the treaty. Number of people per year.",
     "%s, %s–%s, y los traslados de un solo día fuera del tratado. Número de personas por año."},
    {"chart.annual.subtitle.month",
     "%s by month, %s to %s, and the single-day transfers outside the treaty in their month. Number of people "
     "per month.",
     "%s por mes, de %s a %s, y los traslados de un solo día fuera del tratado en su mes. Número de personas "
     "por mes."},
    {"chart.annual.key.treaty", "Treaty extraditions", "Extradiciones por tratado"},
    {"chart.annual.key.transfer", "Single-day transfers outside the treaty",
     "Traslados de un solo día fuera del tratado"},
    {"chart.annual.key.handover", "Single-day handovers", "Entregas de un solo día"},
    {"chart.annual.subtitle.handovers", "%s, %s–%s, and the single-day handovers. Number of people per year.",
     "%s, %s–%s, y las entregas de un solo día. Número de personas por año."},
    {"chart.annual.key.to_date", "To date, not a whole %s: %s", "A la fecha, no un %s completo: %s"},
    {"chart.annual.to_date", "%s (to %s)", "%s (al %s)"},
    {"chart.annual.key.alt", "Another source's figure, not used (%s)", "Cifra de otra fuente, no usada (%s)"},
    {"chart.annual.mean.1", "Mean %s–%s", "Promedio %s–%s"},
    {"chart.annual.mean.2", "%s a year", "%s al año"},
    {"chart.annual.mean.2.month", "%s a month", "%s al mes"},
    {"chart.annual.mean.3", "(%s)", "(%s)"},

    /* pace */
    {"chart.pace.title.transfers_only",
     "By %s, single-day transfers had handed over %s: %s times the %s treaty extraditions a usual year has by "
     "then (%s to %s)",
     "Al %s, los traslados de un día sumaban %s: %s veces las %s extradiciones por tratado de un año "
     "habitual a esa fecha (%s a %s)"},
    {"chart.pace.title.with_treaty",
     "By %s, treaty extraditions and transfers came to %s: %s times the %s a usual year has by then (%s to %s)",
     "Al %s, las extradiciones por tratado y los traslados sumaban %s: %s veces las %s de un año habitual a esa "
     "fecha (%s a %s)"},
    {"chart.pace.subtitle.transfers_only",
     "No sourced count of treaty extraditions exists for %s: the line shows the single-day transfers alone, "
     "against the %s–%s pace of %s a year (%s). Number of people, cumulative.",
     "No hay una cifra con fuente de extradiciones por tratado en %s: la línea muestra solo los traslados de un "
     "solo día, frente al ritmo de %s–%s de %s al año (%s). Número de personas, acumulado."},
    {"chart.pace.subtitle.with_treaty",
     "The %s treaty extraditions of %s spread evenly over the year (their dates are unknown) plus the single-day "
     "transfers, against the %s–%s pace of %s a year (%s). Number of people, cumulative.",
     "Las %s extradiciones por tratado de %s repartidas por igual en el año (sus fechas se desconocen) más los "
     "traslados de un solo día, frente al ritmo de %s–%s de %s al año (%s). Número de personas, acumulado."},
    {"chart.pace.subtitle.to_date",
     "The %s treaty extraditions of %s (a figure to date) spread evenly over those days (their dates are unknown) "
     "plus the single-day transfers, against the %s–%s pace of %s a year (%s). Number of people, cumulative.",
     "Las %s extradiciones por tratado de %s (una cifra a esa fecha) repartidas por igual en esos días (sus fechas "
     "se desconocen) más los traslados de un solo día, frente al ritmo de %s–%s de %s al año (%s). Número de "
     "personas, acumulado."},
    {"chart.pace.subtitle.monthly",
     "The treaty extraditions of %s month by month (monthly figures, January through %s: %s people) plus the "
     "single-day transfers, against the %s–%s pace of %s a year (%s). Number of people, cumulative.",
     "Las extradiciones por tratado de %s mes a mes (cifras mensuales, de enero a %s: %s personas) más los "
     "traslados de un solo día, frente al ritmo de %s–%s de %s al año (%s). Número de personas, acumulado."},
    {"chart.pace.key.monthly", "Treaty extraditions (month by month) plus transfers",
     "Extradiciones por tratado (mes a mes) más traslados"},
    {"chart.pace.key.month_end", "Total at a month's end", "Total al cierre de cada mes"},
    {"chart.pace.key.pace", "Pace of %s–%s: %s a year", "Ritmo de %s–%s: %s al año"},
    {"chart.pace.key.band", "Range of a usual year, %s", "Rango de un año habitual, %s"},
    {"chart.pace.key.transfers", "Single-day transfers, cumulative", "Traslados de un solo día, acumulado"},
    {"chart.pace.key.total", "Treaty extraditions (spread evenly) plus transfers",
     "Extradiciones por tratado (repartidas) más traslados"},
    {"chart.pace.step.next", "%s: +%s = %s", "%s: +%s = %s"},

    /* trend */
    {"chart.trend.subtitle",
     "%s, %s–%s: sourced yearly figures (years without one skipped, not zero), the %s and its %s band. "
     "People per year.",
     "%s, %s–%s: cifras anuales con fuente (sin cifra: omitido, no cero), %s y su banda al %s. Personas por año."},
    {"chart.trend.model.joinpoint", "joinpoint model", "el modelo joinpoint"},
    {"chart.trend.model.quasi_poisson", "log-linear trend (quasi-Poisson)", "la tendencia log-lineal (cuasi-Poisson)"},
    {"chart.trend.model.poisson", "Poisson log-linear trend", "la tendencia log-lineal de Poisson"},
    {"chart.trend.model.none", "no model (none can be estimated)", "ningún modelo (no se puede estimar)"},
    {"chart.trend.subtitle.none",
     "%s, %s–%s: sourced yearly figures (years without one skipped, not zero); no trend model can be estimated "
     "from them (all zero, all in one end year, or a fit that does not converge). People per year.",
     "%s, %s–%s: cifras anuales con fuente (sin cifra: omitido, no cero); con ellas no se puede estimar ningún "
     "modelo de tendencia (todas cero, todas en un año extremo o un ajuste que no converge). Personas por año."},
    {"chart.trend.key.points", "Sourced yearly figure", "Cifra anual con fuente"},
    {"chart.trend.key.fit.joinpoint", "Joinpoint model; dashed: where it turns", "Modelo joinpoint; a trazos: donde cambia"},
    {"chart.trend.key.fit.quasi_poisson", "Log-linear trend (quasi-Poisson)", "Tendencia log-lineal (cuasi-Poisson)"},
    {"chart.trend.key.fit.poisson", "Poisson log-linear trend", "Tendencia log-lineal de Poisson"},
    {"chart.trend.key.band", "%s confidence band", "Banda de confianza al %s"},
    {"chart.trend.turn", "turns in %s", "cambia en %s"},

    /* the data behind a chart, as a table */
    {"chart.table.bar", "Bar", "Barra"},
    {"chart.table.interval", "%s interval", "Intervalo al %s"},
    {"chart.table.base", "%s (%s mean)", "%s (promedio %s)"},
    {"chart.table.range", "%s to %s", "%s a %s"},
    {"chart.table.and", "%s; %s", "%s; %s"},
    {"chart.table.year", "Year", "Año"},
    {"chart.table.month", "Month", "Mes"},
    {"chart.table.transfers", "Single-day transfers", "Traslados de un solo día"},
    {"chart.table.alt", "Other sources' figures, not used", "Cifras de otras fuentes, no usadas"},
    {"chart.table.nodata", "no data", "sin datos"},
    {"chart.table.date", "Date", "Fecha"},
    {"chart.table.transfer", "Transfer", "Traslado"},
    {"chart.table.so_far", "People so far", "Personas hasta entonces"},
    {"chart.table.pace", "At the %s–%s pace", "Al ritmo de %s–%s"},
    {"chart.table.usual", "Usual year (%s)", "Año habitual (%s)"},
    {"chart.table.fitted", "Model", "Modelo"},
};
const size_t xd_texts_chart_n = sizeof xd_texts_chart / sizeof xd_texts_chart[0];

/* Fixed texts of the report, in every language (see lang.h). Spanish serves es
 * and es-MX alike; numbers come formatted for the language through %s, so no
 * text here holds a number with decimals. */
#include "lang.h"

const xd_text_entry xd_texts_report[] = {
    /* every page */
    {"report.page", "Page %s of %s", "Página %s de %s"},
    {"report.footer", "Dataset %s \u00b7 extrad %s \u00b7 generated %s",
     "Conjunto de datos %s \u00b7 extrad %s \u00b7 generado el %s"},
    {"report.continued", "%s (continued)", "%s (continuación)"},
    {"report.range", "%s to %s", "%s a %s"},
    {"report.interval", "%s interval %s", "intervalo al %s: %s"},
    {"report.n_of", "%s of %s", "%s de %s"},
    {"report.none", "none", "ninguno"},
    {"report.keywords", "extradition, statistics, treaty, transfer", "extradición, estadística, tratado, traslado"},
    {"report.html.contents", "Contents", "Contenido"},
    {"report.html.data", "The figures behind the chart", "Las cifras del gráfico"},

    /* parts */
    {"report.part.headline", "Summary", "Resumen"},
    {"report.part.years", "The years", "Los años"},
    {"report.part.stats", "The statistics", "Las estadísticas"},
    {"report.part.pace", "Pace and trend", "Ritmo y tendencia"},
    {"report.part.methods", "Methods, caveats and data checks", "Métodos, advertencias y verificación de los datos"},
    {"report.part.sources", "Sources", "Fuentes"},
    {"report.part.repro", "Reproducing this report", "Cómo reproducir este informe"},

    /* headline */
    {"report.subtitle", "Dataset %s \u00b7 baseline %s \u00b7 event of %s",
     "Conjunto de datos %s \u00b7 referencia: %s \u00b7 hecho del %s"},
    {"report.subtitle.noevent", "Dataset %s \u00b7 baseline %s \u00b7 no event compared",
     "Conjunto de datos %s \u00b7 referencia: %s \u00b7 sin hecho que comparar"},
    {"report.noevent",
     "No single handover is compared: the dataset has no transfers and none was given (extrad report --count N "
     "--date DATE compares one). The report shows the yearly figures, their statistics and their trend.",
     "No se compara ninguna entrega: el conjunto de datos no tiene traslados y no se indicó ninguno (extrad report "
     "--count N --date FECHA compara uno). El informe muestra las cifras anuales, su estadística y su tendencia."},
    {"report.pace.none", "No pace chart: it follows the calendar year of a dated event, and there is none.",
     "Sin gráfica de ritmo: sigue el año natural de un hecho con fecha, y no lo hay."},
    /* the kind of handover of transfers.csv, and one person or more */
    {"report.big.event.transfer", "people handed over in a single day", "personas entregadas en un solo día"},
    {"report.big.event.transfer.one", "person handed over in a single day", "persona entregada en un solo día"},
    {"report.big.event.expulsion", "people expelled in a single day", "personas expulsadas en un solo día"},
    {"report.big.event.expulsion.one", "person expelled in a single day", "persona expulsada en un solo día"},
    {"report.big.event.deportation", "people deported in a single day", "personas deportadas en un solo día"},
    {"report.big.event.deportation.one", "person deported in a single day", "persona deportada en un solo día"},
    {"report.big.event.extradition", "people extradited in a single day", "personas extraditadas en un solo día"},
    {"report.big.event.extradition.one", "person extradited in a single day", "persona extraditada en un solo día"},
    {"report.big.event_date", "%s, outside the extradition treaty %s", "%s, fuera del tratado de extradición %s"},
    {"report.big.event_date.treaty", "%s %s", "%s %s"},
    {"report.big.event_count", "people in a single handover", "personas en una sola entrega"},
    {"report.big.base", "treaty extraditions a year on average", "extradiciones por tratado al año en promedio"},
    {"report.big.base_reported", "%s, as a source reports it %s", "%s, según lo reporta una fuente %s"},
    {"report.big.base_computed", "%s, computed from the yearly figures %s",
     "%s, calculado a partir de las cifras anuales %s"},
    {"report.strip.days_value", "%s days", "%s días"},
    {"report.strip.share", "of the treaty extraditions of an average year (%s)",
     "de las extradiciones por tratado de un año promedio (%s)"},
    {"report.strip.days", "of treaty extraditions at the baseline pace (%s)",
     "de extradiciones por tratado al ritmo de referencia (%s)"},
    {"report.transfers.line", "Transfers in the dataset (single-day handovers, none of them a treaty extradition): %s.",
     "Traslados del conjunto de datos (entregas de un solo día, ninguna de ellas una extradición por tratado): %s."},
    {"report.transfers.first", "%s, %s %s", "%s, %s %s"},
    {"report.transfers.first_event", "%s, %s, the event compared here %s", "%s, %s, el hecho comparado aquí %s"},
    {"report.transfers.line.mixed", "Single-day handovers in the dataset: %s.",
     "Entregas de un solo día del conjunto de datos: %s."},
    {"report.transfers.item", "%s, %s (running total %s) %s", "%s, %s (total acumulado: %s) %s"},
    {"report.transfers.item_event", "%s, %s, the event compared here (running total %s) %s",
     "%s, %s, el hecho comparado aquí (total acumulado: %s) %s"},

    /* the years */
    {"report.years.intro",
     "Treaty extraditions per calendar year, %s, with the number of sources behind each figure; the numbers in "
     "brackets refer to the list of sources. Years without a sourced figure are gaps, never zeros.",
     "Extradiciones por tratado por año calendario, %s, con el número de fuentes detrás de cada cifra; los números "
     "entre corchetes remiten a la lista de fuentes. Los años sin cifra con fuente son huecos, nunca ceros."},
    {"report.years.col.year", "Year", "Año"},
    {"report.years.col.count", "Count", "Cifra"},
    {"report.years.col.sources", "Sources", "Fuentes"},
    {"report.years.col.agreement", "Agreement between sources", "Concordancia entre fuentes"},
    {"report.years.col.refs", "Sources cited", "Fuentes citadas"},
    {"report.years.to_date", "a count to date, not the year's figure: %s by %s",
     "una cifra a la fecha, no la del año: %s al %s"},
    {"report.years.gap", "no sourced figure", "sin cifra con fuente"},
    {"report.years.single", "single source", "una sola fuente"},
    {"report.years.agree", "%s sources agree", "%s fuentes coinciden"},
    {"report.years.one_source", "1 source", "1 fuente"},
    {"report.years.n_sources", "%s sources", "%s fuentes"},
    {"report.years.value", "%s (%s)", "%s (%s)"},
    {"report.years.value_status", "%s (%s, %s)", "%s (%s, %s)"},
    {"report.years.also", "also %s", "también %s"},
    {"report.years.preferred", "preferred", "preferida"},
    {"report.years.alternative", "alternative", "alternativa"},
    {"report.years.note", "Shaded rows: the baseline period, %s.", "Filas sombreadas: el periodo de referencia, %s."},

    /* the statistics */
    {"report.col.measure", "Measure", "Medida"},
    {"report.col.value", "Value", "Valor"},
    {"report.col.reading", "What it means, and what it does not", "Qué significa y qué no"},
    {"report.sum.title", "Summary of the yearly figures", "Resumen de las cifras anuales"},
    {"report.sum.baseline", "Baseline %s", "Referencia %s"},
    {"report.sum.all", "All years %s", "Todos los años %s"},
    {"report.sum.years", "Years with a sourced figure", "Años con cifra con fuente"},
    {"report.sum.total", "Total of those years", "Total de esos años"},
    {"report.sum.mean", "Mean per year", "Promedio por año"},
    {"report.sum.median", "Median", "Mediana"},
    {"report.sum.sd", "Standard deviation", "Desviación estándar"},
    {"report.sum.quartiles", "First to third quartile", "Del primer al tercer cuartil"},
    {"report.sum.min", "Lowest (year)", "Mínimo (año)"},
    {"report.sum.max", "Highest (year)", "Máximo (año)"},
    {"report.sum.cv", "Coefficient of variation", "Coeficiente de variación"},
    {"report.sum.ci_t", "%s interval of the mean (t)", "Intervalo al %s del promedio (t)"},
    {"report.sum.ci_poisson", "%s interval of the mean (exact Poisson)", "Intervalo al %s del promedio (Poisson exacto)"},
    {"report.sum.gaps", "Years without a sourced figure", "Años sin cifra con fuente"},
    {"report.sum.reading",
     "These describe only the years that have a sourced figure: gaps are left out, not counted as zero, so where "
     "years are missing a period's mean here is not the mean of the whole period. The t interval allows for the "
     "spread between years; the exact Poisson interval assumes random variation only and is narrower.",
     "Describen solo los años que tienen una cifra con fuente: los huecos quedan fuera y no cuentan como cero, así "
     "que, donde faltan años, el promedio de un periodo no es el de todo el periodo. El intervalo t toma en cuenta "
     "la variación entre años; el de Poisson exacto supone solo variación aleatoria y es más estrecho."},
    {"report.sum.reported",
     "The comparison uses the reported mean of %s for %s %s, not the mean of the baseline years that have a "
     "figure (%s, from %s).",
     "La comparación usa el promedio reportado de %s para %s %s, no el promedio de los años de referencia que "
     "tienen cifra (%s, de %s)."},
    {"report.cmp.title", "The comparison", "La comparación"},
    {"report.cmp.mean", "Baseline: treaty extraditions a year, %s", "Referencia: extradiciones por tratado al año, %s"},
    {"report.cmp.mean.reported",
     "The pace the handover is compared with, as a source reports it %s. The interval reads the period's total as "
     "one Poisson count: it covers random variation, not errors in the figure.",
     "El ritmo con el que se compara la entrega, tal como lo reporta una fuente %s. El intervalo lee el total del "
     "periodo como un conteo de Poisson: cubre la variación aleatoria, no los errores de la cifra."},
    {"report.cmp.mean.computed",
     "The pace the handover is compared with, computed from the yearly figures. The interval covers random "
     "variation, not errors in the sources.",
     "El ritmo con el que se compara la entrega, calculado a partir de las cifras anuales. El intervalo cubre la "
     "variación aleatoria, no los errores de las fuentes."},
    {"report.cmp.rate", "Per calendar day", "Por día calendario"},
    {"report.cmp.rate.value", "%s a day (over %s days)", "%s al día (en %s días)"},
    {"report.cmp.rate.reading",
     "The yearly pace spread evenly over the days of the period. Extraditions do not come one a day: they come in "
     "groups on some days and not at all on most.",
     "El ritmo anual repartido por igual entre los días del periodo. Las extradiciones no llegan una por día: "
     "llegan en grupos algunos días y ninguna la mayoría."},
    {"report.cmp.share", "Share of an average year", "Proporción de un año promedio"},
    {"report.cmp.share.reading",
     "The handover set against one average year of treaty extraditions. A yardstick, not a part of the same "
     "thing: the handover was not a treaty extradition.",
     "La entrega frente a un año promedio de extradiciones por tratado. Es una vara de medir, no una parte de lo "
     "mismo: la entrega no fue una extradición por tratado."},
    {"report.cmp.share.reading.treaty",
     "The handover set against one average year of treaty extraditions: a single day's batch beside a year's pace.",
     "La entrega frente a un año promedio de extradiciones por tratado: el grupo de un solo día junto al ritmo de "
     "un año."},
    {"report.cmp.days", "Days' worth (range)", "Días equivalentes (rango)"},
    {"report.cmp.days.reading",
     "How many days of treaty extraditions at the baseline pace add up to the handover. The range comes from the "
     "interval of the mean only.",
     "Cuántos días de extradiciones por tratado al ritmo de referencia suman lo mismo que la entrega. El rango sale "
     "solo del intervalo del promedio."},
    {"report.cmp.months", "Months' worth (range)", "Meses equivalentes (rango)"},
    {"report.cmp.months.reading",
     "The same in average months (a twelfth of a year). Not a forecast of what the following months bring.",
     "Lo mismo en meses promedio (la doceava parte de un año). No es un pronóstico de lo que traerán los meses "
     "siguientes."},
    {"report.cmp.multiple", "Multiple of an average day", "Múltiplo de un día promedio"},
    {"report.cmp.multiple.reading",
     "The handover divided by the average day: the same number as the days' worth, read the other way round.",
     "La entrega dividida entre el día promedio: el mismo número que los días equivalentes, leído al revés."},
    {"report.cmp.pday", "Probability of a day with %s or more", "Probabilidad de un día con %s o más"},
    {"report.cmp.pday.reading.small",
     "How often such a day would come if extraditions arrived one by one, independently, at the baseline pace "
     "(Poisson). Below one in a million, the number says the handover was a different kind of event: a batch, "
     "which that assumption rules out. It is not the probability that the handover happened.",
     "Con qué frecuencia habría un día así si las extradiciones llegaran una a una, de forma independiente, al "
     "ritmo de referencia (Poisson). Por debajo de una en un millón, el número dice que la entrega fue un hecho de "
     "otra naturaleza: un envío en grupo, que ese supuesto descarta. No es la probabilidad de que la entrega "
     "ocurriera."},
    {"report.cmp.pday.reading",
     "How often such a day would come if extraditions arrived one by one, independently, at the baseline pace "
     "(Poisson): about once every %s days. It is not the probability that the handover happened.",
     "Con qué frecuencia habría un día así si las extradiciones llegaran una a una, de forma independiente, al "
     "ritmo de referencia (Poisson): más o menos una vez cada %s días. No es la probabilidad de que la entrega "
     "ocurriera."},
    {"report.cmp.ratio", "rate ratio %s (%s), p\u00a0=\u00a0%s", "razón de tasas %s (%s), p\u00a0=\u00a0%s"},
    {"report.cmp.year_transfers", "%s: people transferred, as a share of an average year",
     "%s: personas trasladadas, como proporción de un año promedio"},
    {"report.cmp.year_transfers.reading",
     "People transferred in %s: %s, set against an average baseline year. There is no count of treaty "
     "extraditions for that year, and transfers are another kind of event, so no rate test is made.",
     "Personas trasladadas en %s: %s, frente a un año promedio de referencia. No hay cifra de extradiciones por "
     "tratado de ese año y los traslados son otro tipo de hecho, así que no se hace una prueba de tasas."},
    {"report.cmp.year_with", "%s (%s days): treaty extraditions plus transfers, against the baseline's pace",
     "%s (%s días): extradiciones por tratado más traslados, frente al ritmo de referencia"},
    {"report.cmp.year_with.reading",
     "%s and %s, together, against the baseline's daily pace over the same "
     "number of days.",
     "%s y %s, en conjunto, frente al ritmo diario de referencia durante "
     "el mismo número de días."},
    {"report.cmp.year_treaty", "%s (%s days): treaty extraditions only",
     "%s (%s días): solo extradiciones por tratado"},
    {"report.cmp.year_treaty.reading", "The treaty extraditions of that year alone (%s), against the baseline's pace.",
     "Solo las extradiciones por tratado de ese año (%s), frente al ritmo de referencia."},
    {"report.sig.yes",
     "p is below %s: a difference this large would rarely arise by chance if the model holds; it says nothing "
     "about causes.",
     "p es menor que %s: una diferencia así rara vez surgiría por azar si el modelo es válido; no dice nada de las "
     "causas."},
    {"report.sig.no",
     "p is above %s: the data cannot tell this difference from chance, which does not show that there is none.",
     "p es mayor que %s: los datos no distinguen esta diferencia del azar, lo que no demuestra que no la haya."},
    {"report.sig.trend_yes",
     "p is below %s: a trend this clear would rarely arise by chance if the model holds; it says nothing about "
     "causes.",
     "p es menor que %s: una tendencia así de clara rara vez surgiría por azar si el modelo es válido; no dice "
     "nada de las causas."},
    {"report.sig.trend_no",
     "p is above %s: the data cannot tell this trend from chance, which does not show that there is none.",
     "p es mayor que %s: los datos no distinguen esta tendencia del azar, lo que no demuestra que no la haya."},
    {"report.trend.title", "Trend over %s", "Tendencia en %s"},
    {"report.trend.none", "Fewer than three years have a sourced figure, so no trend is computed.",
     "Menos de tres años tienen una cifra con fuente, así que no se calcula una tendencia."},
    {"report.trend.ols", "Linear trend (least squares)", "Tendencia lineal (mínimos cuadrados)"},
    {"report.trend.ols.value", "%s a year (%s); R\u00b2 %s; p\u00a0=\u00a0%s", "%s al año (%s); R\u00b2 %s; p\u00a0=\u00a0%s"},
    {"report.trend.ols.reading",
     "The average change per year along a straight line through the sourced years. A line is a summary, not a "
     "law, and gaps are skipped.",
     "El cambio promedio por año a lo largo de una recta que pasa por los años con cifra. Una recta es un resumen, "
     "no una ley, y los huecos se omiten."},
    {"report.trend.poisson", "Poisson log-linear trend", "Tendencia log-lineal de Poisson"},
    {"report.trend.poisson.value", "%s a year (%s); p\u00a0=\u00a0%s; dispersion %s", "%s al año (%s); p\u00a0=\u00a0%s; dispersión %s"},
    {"report.trend.poisson.reading",
     "The change per year in percent, if the counts vary as Poisson counts around a smooth exponential trend; a "
     "dispersion near 1 says they roughly do.",
     "El cambio por año en porcentaje, si los conteos varían como conteos de Poisson alrededor de una tendencia "
     "exponencial suave; una dispersión cercana a 1 indica que más o menos es así."},
    {"report.trend.poisson.none", "not estimable", "no estimable"},
    {"report.trend.poisson.none.reading",
     "No estimate exists for these counts (all zero, all in one end year, or a fit that does not converge), so "
     "no change per year is stated; the other tests still apply.",
     "Estos conteos no admiten una estimación (todos cero, todos en un año extremo o un ajuste que no converge), "
     "así que no se indica un cambio por año; las otras pruebas siguen siendo válidas."},
    {"report.trend.poisson.over",
     "A straight log-linear trend with Poisson intervals. Around that line the counts vary %s times as much as "
     "Poisson counts would, so the line does not fit and its interval is far too narrow; shown for reference only.",
     "Una tendencia log-lineal recta con intervalos de Poisson. Alrededor de esa recta los conteos varían %s veces "
     "lo que variarían conteos de Poisson, así que la recta no se ajusta y su intervalo es demasiado estrecho; se "
     "muestra solo como referencia."},
    {"report.trend.headline_model", "The sentences above come from this model: %s.",
     "Las frases anteriores salen de este modelo: %s."},
    {"model.joinpoint", "joinpoint model", "modelo joinpoint"},
    {"model.quasi_poisson", "quasi-Poisson log-linear trend", "tendencia log-lineal cuasi-Poisson"},
    {"model.poisson", "Poisson log-linear trend", "tendencia log-lineal de Poisson"},
    {"model.negative_binomial", "negative binomial log-linear trend", "tendencia log-lineal binomial negativa"},
    {"model.none", "no model: none can be estimated", "ningún modelo: no se puede estimar ninguno"},
    {"report.trend.change.value", "%s a year (%s); p\u00a0=\u00a0%s", "%s al año (%s); p\u00a0=\u00a0%s"},
    {"report.trend.jp.segment", "Joinpoint segment %s–%s", "Tramo joinpoint %s–%s"},
    {"report.trend.jp.reading",
     "The annual percent change on this stretch of a trend that turns in %s (%s). The intervals take the "
     "turning years as known.",
     "El cambio porcentual anual en este tramo de una tendencia que cambia en %s (%s). Los intervalos toman los "
     "años de cambio como conocidos."},
    {"word.and", " and ", " y "},
    {"report.trend.jp.reading.next", "The next stretch, after the turn.", "El tramo siguiente, después del cambio."},
    {"report.trend.aapc", "Average annual percent change (AAPC)", "Cambio porcentual anual promedio (AAPC)"},
    {"report.trend.aapc.reading",
     "The segments' changes weighted by the years each covers: a summary over the whole period, not a trend that "
     "held throughout.",
     "Los cambios de los tramos ponderados por los años que abarca cada uno: un resumen del periodo completo, no una "
     "tendencia que se haya mantenido todo el tiempo."},
    {"report.trend.qp", "Log-linear trend, quasi-Poisson", "Tendencia log-lineal, cuasi-Poisson"},
    {"report.trend.qp.reading",
     "The Poisson line with its interval widened by the observed dispersion (Student t on the residual degrees of "
     "freedom).",
     "La recta de Poisson con su intervalo ampliado por la dispersión observada (t de Student con los grados de "
     "libertad residuales)."},
    {"report.trend.nb", "Log-linear trend, negative binomial", "Tendencia log-lineal, binomial negativa"},
    {"report.trend.nb.reading",
     "A straight trend for counts that vary more than Poisson, with the extra variation estimated (theta %s).",
     "Una tendencia recta para conteos que varían más que los de Poisson, con la variación extra estimada (theta "
     "%s)."},
    {"report.trend.nb.limit",
     "The counts vary no more than Poisson counts, so the negative binomial reduces to the Poisson fit.",
     "Los conteos no varían más que los de Poisson, así que la binomial negativa se reduce al ajuste de Poisson."},
    {"report.trend.mk", "Mann-Kendall test", "Prueba de Mann-Kendall"},
    {"report.trend.mk.value", "tau %s, S\u00a0=\u00a0%s, z\u00a0=\u00a0%s, p\u00a0=\u00a0%s", "tau %s, S\u00a0=\u00a0%s, z\u00a0=\u00a0%s, p\u00a0=\u00a0%s"},
    {"report.trend.mk.reading",
     "Whether later years tend to be higher (or lower) than earlier ones, assuming no shape for the trend and no "
     "distribution for the counts. It says nothing about the size of the change.",
     "Si los años posteriores tienden a ser más altos (o más bajos) que los anteriores, sin suponer una forma para "
     "la tendencia ni una distribución para los conteos. No dice nada del tamaño del cambio."},
    {"report.trend.sen", "Sen's slope", "Pendiente de Sen"},
    {"report.trend.sen.value", "%s a year (%s)", "%s al año (%s)"},
    {"report.trend.sen.reading",
     "The median of the slopes between every pair of years: a size of the change that a few unusual years cannot "
     "pull far. With few years its interval is wide.",
     "La mediana de las pendientes entre cada par de años: un tamaño del cambio que unos pocos años atípicos no "
     "pueden mover mucho. Con pocos años, su intervalo es amplio."},
    {"report.trend.skipped", "Years without a sourced figure are skipped, never counted as zero: %s.",
     "Los años sin cifra con fuente se omiten y nunca cuentan como cero: %s."},

    /* pace and trend */
    {"report.pace.note",
     "How to read it: the dotted line is the %s pace of treaty extraditions; the band is where the running total "
     "of a usual year falls by each date, 95 times in 100 (Poisson variation combined with the uncertainty of that "
     "pace). The steps add up the single-day transfers. The transfers are not treaty extraditions: the chart "
     "compares sizes, not events of the same kind.",
     "Cómo leerla: la línea punteada es el ritmo de %s de las extradiciones por tratado; la banda es donde cae el "
     "total acumulado de un año habitual en cada fecha, 95 de cada 100 veces (variación de Poisson combinada con la "
     "incertidumbre de ese ritmo). Los escalones suman los traslados de un solo día. Los traslados no son "
     "extradiciones por tratado: la gráfica compara tamaños, no hechos de la misma clase."},
    {"report.trendchart.note",
     "How to read it: the dots are the sourced yearly figures and the hatched bands the years without one; the "
     "line is the model that carries the headline (see the statistics), with its confidence band, and a dashed "
     "line marks each year where it turns.",
     "Cómo leerla: los puntos son las cifras anuales con fuente y las franjas rayadas, los años sin cifra; la "
     "línea es el modelo que sostiene el titular (véanse las estadísticas), con su banda de confianza, y una línea "
     "a trazos marca cada año en que cambia."},

    /* methods */
    {"report.m.how", "How each figure was computed", "Cómo se calculó cada cifra"},
    {"report.m.baseline_reported",
     "Baseline: the mean for %s is the figure a source reports (%s a year %s), used as given. It is not "
     "recomputed from yearly figures because not every year of the period has one.",
     "Referencia: el promedio de %s es la cifra que reporta una fuente (%s al año %s), usada tal cual. No se "
     "recalcula a partir de cifras anuales porque no todos los años del periodo tienen una."},
    {"report.m.baseline_computed", "Baseline: the mean for %s is computed from the sourced figures of its %s.",
     "Referencia: el promedio de %s se calcula a partir de las cifras con fuente de sus %s."},
    {"report.m.share",
     "Share of a year = the handover's count \u00f7 the baseline mean. Days' worth = the count \u00f7 the daily "
     "rate, which is the baseline total \u00f7 the %s calendar days of %s. Months' worth = days' worth \u00f7 the "
     "average month (a twelfth of the average Gregorian year). The ranges use the exact interval of the mean.",
     "Proporción de un año = la cifra de la entrega \u00f7 el promedio de referencia. Días equivalentes = la cifra "
     "\u00f7 la tasa diaria, que es el total de referencia \u00f7 los %s días calendario de %s. Meses equivalentes "
     "= días equivalentes \u00f7 el mes promedio (la doceava parte del año gregoriano promedio). Los rangos usan el "
     "intervalo exacto del promedio."},
    {"report.m.pday",
     "Probability of a day: P(X \u2265 count) for X Poisson-distributed with the daily rate, computed on the log "
     "scale so that it stays exact far into the tail.",
     "Probabilidad de un día: P(X \u2265 cifra) para X con distribución de Poisson de tasa igual a la tasa diaria, "
     "calculada en escala logarítmica para que siga siendo exacta muy dentro de la cola."},
    {"report.m.ratetest",
     "A year against the baseline: the exact conditional test of two Poisson rates (the binomial test of R's "
     "poisson.test), with the exact interval of the rate ratio and a two-sided p-value.",
     "Un año frente a la referencia: la prueba condicional exacta de dos tasas de Poisson (la prueba binomial de "
     "poisson.test de R), con el intervalo exacto de la razón de tasas y un valor p bilateral."},
    {"report.m.summary",
     "Summary: statistics of the years with a sourced figure; quartiles as R's default (type 7); the sample "
     "standard deviation; a t interval and an exact (Garwood) Poisson interval of the mean.",
     "Resumen: estadísticas de los años con cifra con fuente; cuartiles como los calcula R por defecto (tipo 7); "
     "la desviación estándar muestral; un intervalo t y un intervalo de Poisson exacto (Garwood) del promedio."},
    {"report.m.trend",
     "Trends over the years with a sourced figure: joinpoint regression; Poisson log-linear regression fitted "
     "by iteratively reweighted least squares, with Wald intervals, and with quasi-Poisson and negative binomial "
     "intervals; ordinary least squares; the Mann-Kendall test with the tie and continuity corrections; Sen's "
     "slope.",
     "Tendencias en los años con cifra con fuente: regresión joinpoint; regresión log-lineal de Poisson ajustada "
     "por mínimos cuadrados reponderados iterativamente, con intervalos de Wald, y con intervalos cuasi-Poisson y "
     "binomial negativa; mínimos cuadrados ordinarios; la prueba de Mann-Kendall con las correcciones por empates "
     "y por continuidad; la pendiente de Sen."},
    {"report.m.transfer.title", "Extradition and transfer", "Extradición y traslado"},
    {"report.m.transfer.intro", "The single-day handovers of transfers.csv, each as its row describes it:",
     "Las entregas de un solo día de transfers.csv, cada una como la describe su fila:"},
    {"report.m.transfer.item", "%s: %s, %s %s.", "%s: %s, %s %s."},
    {"report.m.transfer",
     "These handovers were made outside the extradition treaty, under other legal powers. They are not treaty "
     "extraditions: they are kept out of the yearly and multi-year figures, and the report sets them against treaty "
     "extraditions only as a yardstick of scale. Adding the two together would mix different things.",
     "Estas entregas se hicieron fuera del tratado de extradición, con otras facultades legales. No son "
     "extradiciones por tratado: quedan fuera de las cifras anuales y plurianuales, y el informe las compara con "
     "las extradiciones por tratado solo como vara de medir. Sumar unas y otras mezclaría cosas distintas."},
    {"report.m.transfer.one",
     "This handover was made outside the extradition treaty, under other legal powers. It is not a treaty "
     "extradition: it is kept out of the yearly and multi-year figures, and the report sets it against treaty "
     "extraditions only as a yardstick of scale. Adding the two together would mix different things.",
     "Esta entrega se hizo fuera del tratado de extradición, con otras facultades legales. No es una extradición "
     "por tratado: queda fuera de las cifras anuales y plurianuales, y el informe la compara con las "
     "extradiciones por tratado solo como vara de medir. Sumar unas y otras mezclaría cosas distintas."},
    {"report.m.transfer.some",
     "Those made outside the extradition treaty are not treaty extraditions: they are kept out of the yearly and "
     "multi-year figures, and the report sets them against treaty extraditions only as a yardstick of scale.",
     "Las que se hicieron fuera del tratado de extradición no son extradiciones por tratado: quedan fuera de las "
     "cifras anuales y plurianuales, y el informe las compara con las extradiciones por tratado solo como vara de "
     "medir."},
    {"report.m.transfer.extradition",
     "A handover marked as an extradition was made under the treaty, all on one day; the yearly figures may "
     "already count it, so it is never added to them.",
     "Una entrega marcada como extradición se hizo conforme al tratado, toda en un mismo día; las cifras anuales "
     "pueden ya contarla, así que nunca se suma a ellas."},
    {"report.m.calendar.title", "Calendar years", "Años calendario"},
    {"report.m.calendar",
     "Every yearly figure is for a calendar year, 1 January to 31 December. Figures for other periods, or that end "
     "part-way through a year, keep the exact dates their source gives and are never compared with calendar years.",
     "Cada cifra anual corresponde a un año calendario, del 1 de enero al 31 de diciembre. Las cifras de otros "
     "periodos, o que terminan a mitad de un año, conservan las fechas exactas que da su fuente y nunca se comparan "
     "con años calendario."},
    {"report.m.dataset.title", "About this dataset", "Sobre este conjunto de datos"},
    {"report.m.aggregates.title", "Reported and computed aggregates", "Agregados reportados y calculados"},
    {"report.m.aggregates",
     "A reported aggregate is a multi-year total or mean as a source gives it; a computed one is made here from "
     "yearly figures. When every year of a period has a figure, the two are compared, allowing for the rounding "
     "of the reported figure (half a unit in its last digit). When some years have none, the reported figure "
     "implies what the missing years must hold together: that is arithmetic, not data, and it is never used as a "
     "yearly figure.",
     "Un agregado reportado es un total o promedio plurianual tal como lo da una fuente; uno calculado se obtiene "
     "aquí a partir de cifras anuales. Cuando todos los años de un periodo tienen cifra, se comparan ambos, con "
     "margen para el redondeo de la cifra reportada (media unidad en su último dígito). Cuando a algunos años les "
     "falta, la cifra reportada implica cuánto deben sumar los años faltantes: eso es aritmética, no un dato, y "
     "nunca se usa como cifra anual."},
    {"report.m.poisson.title", "The Poisson assumption and its limits", "El supuesto de Poisson y sus límites"},
    {"report.m.poisson",
     "The intervals of a mean, the probability of a day and the rate tests assume a Poisson process: extraditions "
     "independent of each other, at a constant rate. In practice they are decided in groups and follow policy, so "
     "the counts vary more than Poisson allows and Poisson intervals are too narrow; read them as the least "
     "uncertainty there is.",
     "Los intervalos de un promedio, la probabilidad de un día y las pruebas de tasas suponen un proceso de "
     "Poisson: extradiciones independientes entre sí, a una tasa constante. En la práctica se deciden en grupos y "
     "siguen a la política, así que los conteos varían más de lo que Poisson admite y los intervalos de Poisson son "
     "demasiado estrechos; hay que leerlos como la incertidumbre mínima."},
    {"report.m.poisson.tiny",
     "The probability of the handover's day is so small that no reasonable widening changes what it says.",
     "La probabilidad del día de la entrega es tan pequeña que ningún ensanchamiento razonable cambia lo que dice."},
    {"report.m.poisson.over",
     "Around a straight log-linear trend the yearly counts vary %s times as much as Poisson counts would (Pearson "
     "chi-square \u00f7 degrees of freedom). That measures how badly a straight line fits the years, not how much "
     "the counts spread.",
     "Alrededor de una tendencia log-lineal recta, los conteos anuales varían %s veces lo que variarían conteos de "
     "Poisson (ji cuadrada de Pearson \u00f7 grados de libertad). Eso mide qué tan mal se ajusta una recta a los "
     "años, no cuánto se dispersan los conteos."},
    {"report.m.poisson.baseline",
     "The baseline years' own counts (%s) have a variance %s times their mean; Poisson counts would have about 1.",
     "Los conteos de los años de referencia (%s) tienen una varianza de %s veces su promedio; en conteos de Poisson "
     "sería de alrededor de 1."},
    {"report.m.models.title", "Which trend model speaks", "Qué modelo de tendencia habla"},
    {"report.m.models",
     "The trend's sentences and chart come from one model, chosen by the numbers. First, joinpoint regression "
     "(as in the U.S. National Cancer Institute's Joinpoint program): a log-linear trend that may turn at up to "
     "three observed years, the best turning years found by an exhaustive search and their number chosen by a "
     "sequential permutation test with an overall significance level of 0.05 and a fixed seed, so that runs repeat. If it finds "
     "a turn, it speaks. Otherwise a straight log-linear trend: with quasi-Poisson intervals when the counts vary "
     "more than Poisson counts (dispersion above 1.5), else with Poisson intervals. A change is called a rise or a "
     "fall only when its interval excludes zero. The negative binomial, ordinary least squares, Mann-Kendall and "
     "Sen's slope are shown as checks.",
     "Las frases y el gráfico de la tendencia salen de un solo modelo, elegido por los números. Primero, la "
     "regresión joinpoint (como en el programa Joinpoint del Instituto Nacional del Cáncer de Estados Unidos): una "
     "tendencia log-lineal que puede cambiar en hasta tres años observados; los mejores años de cambio se hallan "
     "con una búsqueda exhaustiva y su número se elige con una prueba de permutación secuencial con un nivel global "
     "de 0,05 y una semilla fija, para que los resultados se repitan. Si encuentra un cambio, es el que habla. Si "
     "no, una tendencia log-lineal recta: con intervalos cuasi-Poisson cuando los conteos varían más que los de "
     "Poisson (dispersión mayor que 1,5), o con intervalos de Poisson. Un cambio se llama alza o baja solo cuando "
     "su intervalo excluye el cero. La binomial negativa, los mínimos cuadrados ordinarios, la prueba de "
     "Mann-Kendall y la pendiente de Sen se muestran como comprobación."},
    {"report.m.poisson.ok",
     "Here the dispersion of the yearly counts is %s (Pearson chi-square \u00f7 degrees of freedom; 1 for Poisson "
     "counts).",
     "Aquí la dispersión de los conteos anuales es %s (ji cuadrada de Pearson \u00f7 grados de libertad; 1 para "
     "conteos de Poisson)."},
    {"report.m.conflicts.title", "Conflicts and gaps", "Discrepancias y huecos"},
    {"report.m.conflicts",
     "Several sources for one year are separate reports of the same figure, never added together. Where they "
     "disagree, the dataset marks the figure to use as preferred and gives the reason; every value appears on the "
     "page of the years. A year without a sourced figure is a gap: never a zero, never interpolated.",
     "Varias fuentes para un mismo año son informes separados de la misma cifra y nunca se suman. Donde discrepan, "
     "el conjunto de datos marca como preferida la cifra que se usa y da la razón; todos los valores aparecen en la "
     "página de los años. Un año sin cifra con fuente es un hueco: nunca un cero, nunca una interpolación."},
    {"report.checks.title", "Data checks", "Verificación de los datos"},
    {"report.stat.total", "total", "total"},
    {"report.stat.mean", "mean", "promedio"},
    {"report.check.what", "The reported %s of %s %s %s", "El %s reportado de %s %s %s"},
    {"report.span.years", "for %s", "para %s"},
    {"report.span.dates", "from %s to %s", "del %s al %s"},
    {"report.check.note", "Note: %s", "Nota: %s"},
    {"report.check.agree", "%s agrees with the yearly figures (%s).", "%s coincide con las cifras anuales (%s)."},
    {"report.check.disagree", "%s disagrees with the yearly figures: they give %s (difference %s).",
     "%s no coincide con las cifras anuales: estas dan %s (diferencia %s)."},
    {"report.check.partial",
     "%s: a figure for %s of its %s (together %s); the others (%s) must together hold %s, %s a year. Implied, not "
     "sourced.",
     "%s: hay cifra para %s de sus %s (que juntos suman %s); los demás (%s) deben sumar %s, %s al año. Es un valor "
     "implícito, no una cifra con fuente."},
    {"report.check.impossible",
     "%s: a figure for %s of its %s (together %s), so the others (%s) would need %s (%s a year), less than zero: "
     "the figures cannot all be right.",
     "%s: hay cifra para %s de sus %s (que juntos suman %s), así que los demás (%s) necesitarían %s (%s al año), "
     "menos de cero: no todas las cifras pueden ser correctas."},
    {"report.check.none", "%s: no year of the period has a figure to compare it with.",
     "%s: ningún año del periodo tiene una cifra con la que compararlo."},
    {"report.check.not_comparable",
     "%s: not compared with the yearly figures, as its period is not a run of whole calendar years.",
     "%s: no se compara con las cifras anuales, porque su periodo no abarca años calendario completos."},
    {"report.check.months",
     "%s: a figure for %s of its %s (together %s); the others must together hold %s. Implied, not sourced.",
     "%s: hay cifra para %s de sus %s (que juntos suman %s); los demás deben sumar %s. Es un valor implícito, no "
     "una cifra con fuente."},
    {"report.check.months_agree", "%s agrees with the monthly figures (%s).",
     "%s coincide con las cifras mensuales (%s)."},
    {"report.check.months_disagree", "%s disagrees with the monthly figures: they give %s (difference %s).",
     "%s no coincide con las cifras mensuales: estas dan %s (diferencia %s)."},
    {"report.check.unresolved", "A year of the period has sources that disagree and no preferred figure.",
     "Un año del periodo tiene fuentes que discrepan y ninguna cifra preferida."},
    {"report.check.others", "Aggregates of other measures, not compared with the yearly figures:",
     "Agregados de otras medidas, no comparados con las cifras anuales:"},
    {"report.check.other", "%s: %s.", "%s: %s."},
    {"report.check.other_item", "%s, %s %s %s", "%s, %s %s %s"},

    /* sources */
    {"report.sources.intro",
     "Every source cited in this report. The numbers in brackets in the tables and sentences are the position of "
     "each source in the dataset's sources.csv; the charts name their sources.",
     "Todas las fuentes citadas en este informe. Los números entre corchetes de las tablas y las frases son la "
     "posición de cada fuente en el archivo sources.csv del conjunto de datos; las gráficas nombran sus fuentes."},
    {"report.sources.meta", "Published %s \u00b7 id %s", "Publicada: %s \u00b7 id %s"},
    {"report.sources.undated", "date unknown", "fecha desconocida"},

    /* reproducing */
    {"report.repro.intro",
     "The dataset files this report was made from, with their SHA-256 checksums, and the command that made it. "
     "The same files, command and version give the same report; SOURCE_DATE_EPOCH fixes the date as well.",
     "Los archivos del conjunto de datos con los que se hizo este informe, con sus sumas SHA-256, y el comando que "
     "lo generó. Los mismos archivos, comando y versión dan el mismo informe; SOURCE_DATE_EPOCH fija también la "
     "fecha."},
    {"report.repro.file", "File", "Archivo"},
    {"report.repro.bytes", "Bytes", "Bytes"},
    {"report.repro.command", "Command", "Comando"},
    {"report.repro.software", "Software and settings", "Programa y opciones"},
    {"report.repro.version", "extrad %s; pages and charts drawn by gnuplot",
     "extrad %s; páginas y gráficas dibujadas con gnuplot"},
    {"report.repro.date", "Generated on %s", "Generado el %s"},
    {"report.repro.date_fixed", "Date: %s, from SOURCE_DATE_EPOCH", "Fecha: %s, tomada de SOURCE_DATE_EPOCH"},
    {"report.repro.lang", "Language: %s", "Idioma: %s"},
    {"report.repro.folder", "Dataset folder: %s", "Carpeta del conjunto de datos: %s"},
};
const size_t xd_texts_report_n = sizeof xd_texts_report / sizeof xd_texts_report[0];

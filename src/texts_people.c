/* Fixed texts of the people lists (extrad people, the people chart and the
 * report's section), in every language (see lang.h). Spanish is written as a
 * Mexican newsroom would: people are "entregadas" or "trasladadas". */
#include "lang.h"

const xd_text_entry xd_texts_people[] = {
    /* extrad people */
    {"people.title", "Who was handed over: %s, %s (dataset %s)",
     "Quiénes fueron entregados: %s, %s (conjunto de datos %s)"},
    {"people.scope.one", "the transfer of %s", "el traslado del %s"},
    {"people.col.transfer", "Transfer", "Traslado"},
    {"people.col.count", "Moved", "Entregadas"},
    {"people.col.listed", "Listed", "En listas"},
    {"people.col.full", "Full name", "Nombre completo"},
    {"people.col.partial", "Part of name", "Nombre parcial"},
    {"people.col.sealed", "Sealed", "Reservado"},
    {"people.col.unlisted", "On no list", "En ninguna lista"},
    {"people.col.all", "All", "Total"},
    {"people.col.group", "Group", "Grupo"},
    {"people.col.people", "People", "Personas"},
    {"people.col.name", "Name", "Nombre"},
    {"people.col.sources", "Sources", "Fuentes"},
    {"people.groups.heading", "%s (%s)", "%s (%s)"},
    {"people.by.organization", "By organization", "Por organización"},
    {"people.by.district", "By charging district", "Por distrito de acusación"},
    {"people.by.arrival", "By city of arrival", "Por ciudad de llegada"},
    {"people.group.not_stated", "Not stated by any source", "Ninguna fuente lo indica"},
    {"people.group.disputed", "Disputed: the sources disagree", "En disputa: las fuentes difieren"},
    {"people.group.sealed", "Name sealed: nothing known", "Nombre reservado: se desconoce"},
    {"people.group.unlisted", "On no list found", "En ninguna lista hallada"},
    {"people.names.heading", "People listed (%s)", "Personas en las listas (%s)"},
    {"people.name.sealed", "(name withheld)", "(nombre reservado)"},
    {"people.name.sealed_as", "%s (name withheld)", "%s (nombre reservado)"},
    {"people.name.partial", "%s (part of the name only)", "%s (solo parte del nombre)"},
    {"people.field.alias", "alias", "alias"},
    {"people.field.organization", "organization", "organización"},
    {"people.field.district", "charging district", "distrito de acusación"},
    {"people.field.arrival", "arrival", "llegada"},
    {"people.disputed_values", "disputed: %s", "en disputa: %s"},
    {"people.or", " or ", " o "},
    {"people.sources_word", "sources", "fuentes"},
    {"people.sources.heading", "Sources (the numbers are rows of sources.csv)",
     "Fuentes (los números son filas de sources.csv)"},
};
const size_t xd_texts_people_n = sizeof xd_texts_people / sizeof xd_texts_people[0];

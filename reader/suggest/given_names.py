"""Common given names, by the gender they usually go with, for he/she resolution.

A short, hand-written list (English-language news across regions), not a
census: a name missing here is still found as a person by the other rules
(titles, appositions, speech verbs), it just has no gender preference.
"""

from __future__ import annotations


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


FEMALE = _names(
    """
    Abigail Ada Agnes Aisha Alice Alicia Alison Amanda Amelia Amira Amy Ana Angela
    Anna Anne Annie Aoife Ava Barbara Beatriz Beth Bridget Carmen Caroline Catherine Charlotte
    Chloe Christine Claire Clara Daniela Deborah Diana Elena Elif Elizabeth Ella Ellen
    Emily Emma Eva Fatima Fiona Francesca Gabriela Giorgia Grace Hana Hannah Helen Ingrid Irene
    Isabel Isabella Jane Janet Jennifer Jessica Joanna Julia Julie Karen Katarzyna Kate
    Katherine Katrin Kathleen Laura Layla Leila Lena Linda Lisa Lucia Lucy Maria Mariana Marie
    Marta Martha Mary Maya Megan Mei Melissa Mia Michelle Monica Nadia Nancy Natalia Natasha
    Nina Nora Olga Olivia Paula Priya Rachel Rebecca Rosa Ruth Sally Samantha Sara Sarah
    Sofia Sophie Susan Tanya Teresa Ursula Valentina Victoria Yasmin Yulia Zainab Zoe Zofia
    Margaret Kamala Angela Theresa Hillary Nikki Elise Annalena Kadri Ilse Maia Olena Irina
    Miriam Carla Rita Joana Marina Alexandra Heather Kimberly Ashley Stephanie Nicole Donna
    Carol Sharon Patricia Jacqueline Gloria Diane Judith Wendy Brenda Rose Inês Ines Agnieszka
    """
)

MALE = _names(
    """
    Aaron Abdul Adam Ahmed Alan Alexander Ali Andrew Anthony Antonio Ben Benjamin Bernard
    Bill Boris Brian Carlos Charles Chris Christopher Daniel David Davide Dmitry Donald Edward
    Emeka Emmanuel Eric Felix Francis Frank Gabriel Gary George Giovanni Graham Harry Hassan
    Henry Hugo Ian Igor Ivan Jack Jacob James Jan Javier John Jonas Jonathan Jorge Jose Joseph
    Juan Karl Kevin Khalid Lars Lazar Leo Liam Luis Marco Mark Martin Matthew Michael Miguel
    Mike Mohammed Muhammad Nathan Nicholas Oliver Omar Oscar Patrick Paul Pedro Peter Philip
    Philippe Pierre Rafael Ray Richard Robert Roberto Samuel Sean Sergei Simon Stefan
    Stephen Steven Thomas Tim Tom Tony Vladimir Volodymyr Walter William Xi Yusuf Joe Antony
    Sameh Olaf Emmanuel Rishi Keir Narendra Recep Viktor Giorgos Pedro Luiz Javier Jens Tomas
    Viorel Davide Marco Kai Luis Jonny Anthony Dmitry Mariusz Piotr Andrzej Mateusz Kwame
    Dale Rui Hans Kenneth Keith Dennis Gerald Roger Larry Scott Gregory Raymond Wayne Douglas
    Craig Luca Diego Andre Bruno Ricardo Fernando Joao João Tiago Sebastian Lukas
    """
)


_FEMALE_NOUNS = _names(
    "mother wife daughter sister grandmother woman girl spokeswoman chairwoman councilwoman "
    "aunt niece widow"
)
_MALE_NOUNS = _names(
    "father husband son brother grandfather man boy spokesman chairman councilman fisherman "
    "uncle nephew widower"
)


def gender_of(full_name: str) -> str | None:
    """ "female", "male" or ``None`` from the first word of a person's name (or of an
    unnamed person: "mother", "spokesman"); ambiguous names (Andrea, Nicola) have none."""
    first = full_name.split()[0] if full_name.split() else ""
    if first in FEMALE or first in _FEMALE_NOUNS:
        return "female"
    if first in MALE or first in _MALE_NOUNS:
        return "male"
    return None

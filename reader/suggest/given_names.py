"""Common given names, by the gender they usually go with, for he/she resolution.

Three sources: a hand-written list of names common in English-language news across
regions (Arabic, Hebrew, African, South Asian, East Asian, European, Irish, Welsh,
Scottish, Australian), the 1990 US Census lists (:mod:`reader.suggest.census_names`),
and a short list of names that are male in one language and female in another
("Andrea", "Nicola", "Simone"), which get no gender. A name missing from all of them
is still found as a person by the other rules (titles, appositions, speech verbs); it
just has no gender preference.
"""

from __future__ import annotations

from reader.suggest.census_names import AMBIGUOUS, CENSUS_FEMALE, CENSUS_MALE
from reader.suggest.census_names import names_of as _names

_HAND_FEMALE = _names(
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

_HAND_MALE = _names(
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


_WORLD_FEMALE = _names(
    """
    Mariam Maryam Noor Nour Huda Rana Samira Salma Amal Hala Dina Reem Lina Yasmine Yasmina
    Zeinab Hanan Maha Rania Asma Souad Nadia Ghada Iman Eman Lamia Farah Nawal Suha Aya
    Tamar Noa Michal Yael Shira Orly Ayelet Merav Tzipi Galit Einav Hadas Sigal Limor Orit
    Ngozi Chiamaka Amina Aminata Fatou Wanjiru Nkechi Funmilayo Adaeze Chioma Thandiwe
    Nomvula Lindiwe Naledi Wangari Akosua Abena Ama Efua Zodwa Winnie Graca
    Anjali Sunita Pooja Deepa Neha Lakshmi Aarti Shreya Meera Kavita Benazir Nirmala
    Smriti Sushma Mamata Indira Shabana Ayesha Sana Nazia Farida Shirin Parisa Roya
    Ankita Ritu Kavya Swati Shweta Nisha Divya Rekha Geeta Seema Usha Asha Sapna Preeti
    Yuko Keiko Yoko Naoko Akiko Sachiko Haruka Yumi Mai Ji-yeon Min-ji Soo-jin Seo-yeon
    Xiaoling Xiaomei Linh Huong
    Oksana Svetlana Tatiana Tatyana Iryna Anastasia Ekaterina Yekaterina Daria Darya
    Lyudmila Valentina Galina Marina Larisa Nadezhda Alina Kateryna Halyna Viktoria
    Magdalena Agata Malgorzata Ewa Joanna Beata Dorota Jana Petra Lenka Zuzana Ilona
    Ursula Angela Annegret Birgit Sabine Petra Heike Claudia Susanne Anke Ute Gudrun
    Mette Ingrid Astrid Sigrid Liv Kirsten Annika Karin Hanne Pernille Sanne Femke
    Amelie Amélie Celine Céline Aurelie Aurélie Elodie Élodie Manon Segolene Ségolène
    Marine Brigitte Sylvie Nathalie Isabelle Veronique Véronique Christiane Hélène
    Chiara Alessandra Federica Elisabetta Giulia Francesca Roberta Serena Valeria
    Pilar Montserrat Nuria Lucía Rocío Inmaculada Begoña Ainhoa Itziar Yolanda
    Leticia Graça Conceição Fernanda Luana Thais Adriana Juliana Renata Tatiana
    Siobhan Niamh Aoife Ciara Saoirse Sinead Sinéad Orla Grainne Gráinne Roisin Róisín
    Sian Siân Cerys Rhiannon Bethan Eilidh Morag Kirsty Isla Mhairi Catriona Shona
    Síle Sile Siobhán Máire Maire Áine Aine Caoimhe Clodagh Gráinne Orlaith Úna Una Bríd
    Bronwyn Kerrie Tegan Bree Kylie Narelle Jacinta Sharni Raelene Leanne
    Jen Jenn Liz Meg Kat Jess Steph Abi Bex Mel Nat Tash Jo-Anne Sian Niamh
    """
)

_WORLD_MALE = _names(
    """
    Mohamed Mohammad Mohammed Muhammad Ahmad Ahmed Mahmoud Mahmud Mustafa Moustafa
    Abdullah Abdallah Ibrahim Youssef Yousef Yusuf Karim Kareem Tariq Tarek Walid Nabil
    Samir Hussein Hossein Hamza Bilal Faisal Rami Ziad Osama Usama Fadi Majid Saeed
    Jamal Khaled Khalid Hamid Hassan Hasan Mahdi Mehdi Reza Ali-Reza Abbas Ismail Ayman
    Nasser Haitham Bassem Bashar Fouad Adel Anwar Marwan Mounir Ghassan Salim
    Yoav Yossi Avi Moshe Itamar Benny Eitan Gilad Ehud Naftali Yair Uri Noam Dror Amos
    Yitzhak Shimon Avigdor Bezalel Gadi Herzi Tzachi Daniel Lazar Isaac Yehuda
    Kwame Kofi Kojo Kwesi Emeka Chidi Chukwuemeka Oluwaseun Tunde Babajide Bola Abiy
    Cyril Uhuru Jomo Raila Yoweri Paul Thabo Jacob Sipho Themba Bongani Olusegun Goodluck
    Muhammadu Mamadou Moussa Ousmane Abdoulaye Cheikh Ibrahima Seydou Idriss Mahamat
    Rahul Amit Arjun Ravi Sanjay Vijay Rajesh Sunil Anil Imran Nawaz Shehbaz Asif Arvind
    Narendra Manmohan Rajnath Amitabh Shashi Pranab Nitin Sharad Suresh Ramesh
    Mahesh Dinesh Ganesh Prakash Deepak Ashok Vikram Kiran Zulfikar Bilawal Shahid
    Aman Kunal Rohit Rakesh Manoj Vinod Ajay Sandeep Pankaj Gaurav Sachin Vikas Praveen
    Mukesh Naveen Alok Abhishek Aditya Akash Harish Karan Nikhil Rohan Saurabh Tarun Varun
    Hiroshi Takeshi Kenji Haruki Shinzo Fumio Yoshihide Taro Ichiro Kazuo Akira Masato
    Min-jun Ji-hoon Jae-in Kim Xi
    Oleksandr Oleksiy Andriy Mykola Yuriy Dmytro Alexei Aleksei Sergey Sergei Mikhail
    Nikolai Yevgeny Pavel Volodymyr Vitali Vitaliy Taras Bohdan Petro Vasyl Ihor Serhiy
    Jurgen Jürgen Wolfgang Friedrich Klaus Helmut Matthias Uwe Dieter Markus Olaf Boris
    Horst Gerhard Joachim Frank-Walter Heinrich Reinhard Rainer Torsten Thorsten
    Bjorn Björn Sven Anders Nils Henrik Erik Magnus Ulf Mats Jens Lars Stefan
    Pieter Joost Maarten Mark Wopke Geert Hendrik Jeroen Ruud Rutger Jan-Willem
    Jean-Luc Jean-Pierre Jean-Claude Jean-Marie Francois François Olivier Nicolas Julien Arnaud
    Thierry Sebastien Sébastien Laurent Etienne Étienne Benoit Benoît Gerald Gérald
    Emmanuel Edouard Édouard Gabriel Bruno Pascal Didier Yannick Cedric Cédric Antoine
    Claudio Giuseppe Matteo Alessandro Lorenzo Stefano Massimo Sergio Paolo Enrico
    Giancarlo Gianluca Giorgio Mario Sandro Vittorio Luigi Fabio Fabrizio Riccardo
    Alvaro Álvaro Inigo Íñigo Xavier Jordi Joaquin Joaquín Santiago Pedro Pablo Josep
    Goncalo Gonçalo Duarte Joao João Lula Jair Ciro Rodrigo Gustavo Andres Andrés
    Eoin Cian Oisin Oisín Ciaran Ciarán Padraig Pádraig Seamus Séamus Declan Eamon
    Eamonn Ruairi Ruairí Micheal Micheál Leo Enda Bertie Dara Darragh Fintan Colm
    Cathal Seán Sean Pádraig Éamon Diarmuid Donal Dónal Tadhg Cormac Ronan Rónán Oisín Fergal
    Rhys Dafydd Gareth Huw Iwan Emlyn Aled Gethin Hamish Callum Alasdair Fergus Angus
    Lachlan Shane Darren Bruce Mick Malcolm Scott Anthony
    Rob Dom Ollie Alfie Seb Theo Jonny Rory Gus Kit Ned Fred Hal Jimmy Mo Walt Wally Mick
    """
)

#: Names that are male in one language and female in another: no gender from them.
_EITHER = _names(
    """
    Andrea Nicola Simone Michele Daniele Gabriele Jean Sasha Sacha Kim Yuki Eden Toni
    Rene René Dominique Claude Camille Ariel Shai Maxime Nikola Ashley Jordan Alex
    Charlie Sam Jo Lee Robin Jamie Casey Morgan Taylor Riley Kelly Leslie Hilary
    Hillary Evelyn Vivian Marion Carol Joan Jan Dana Kerry Noa Shiri Nur Ali
    """
)

#: Given names that usually go with a woman or a man ("she"/"he"), ambiguous ones out.
# the hand lists win over the census ("Lula" is a man in Brazil, a woman in the census)
_HAND_AND_WORLD_FEMALE = _HAND_FEMALE | _WORLD_FEMALE
_HAND_AND_WORLD_MALE = _HAND_MALE | _WORLD_MALE
FEMALE = (_HAND_AND_WORLD_FEMALE | (CENSUS_FEMALE - _HAND_AND_WORLD_MALE)) - _EITHER
MALE = (_HAND_AND_WORLD_MALE | (CENSUS_MALE - _HAND_AND_WORLD_FEMALE)) - _EITHER - FEMALE
#: Every given name known, with a gender or not: its bearer is a person.
GIVEN = FEMALE | MALE | _EITHER | AMBIGUOUS

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

"""Given names from the 1990 US Census first-name frequency lists (public domain).

The 800 most frequent female and 600 most frequent male names, as listed by the
US Census Bureau (1990, "dist.female.first" and "dist.male.first"). A name on both
lists takes the gender it is at least three times as frequent for; otherwise it is in
:data:`AMBIGUOUS` (a person, no gender). Left out by hand: names that are also common
capitalised words, places or surnames that start other names ("May", "Hope", "Austin",
"Jordan", "Christian", "Al", "Van", "Grant", "Taylor").
"""

from __future__ import annotations


def names_of(text: str) -> frozenset[str]:
    """The words of a whitespace-separated list of names."""
    return frozenset(text.split())


CENSUS_FEMALE = names_of(
    """
    Abby Abigail Ada Addie Adela Adele Adeline Adriana Adrienne Agnes Aida Aileen Aimee
    Alana Alberta Alejandra Alexandra Alice Alicia Alisa Alisha Alison Allie Allison Allyson
    Alma Althea Alyssa Amanda Amber Amelia Amie Amy Ana Andrea Angela Angelia Angelica
    Angelina Angeline Angie Anita Ann Anna Anne Annette Annie Antoinette Antonia Arlene
    Ashlee Ashley Audra Audrey Ava Avis Barbara Barbra Beatrice Beatriz Becky Belinda Benita
    Bernadette Bernadine Bernice Bertha Bessie Beth Bethany Betsy Bette Bettie Betty Bettye
    Beulah Beverly Bianca Billie Blanca Blanche Bobbi Bobbie Bonnie Brandi Brenda Brianna
    Bridget Bridgette Brittany Brittney Brooke Caitlin Callie Camille Candace Candice Cara
    Carla Carmela Carmen Carol Carole Caroline Carolyn Carrie Cassandra Cassie Catalina
    Catherine Cathleen Cathy Cecelia Cecile Cecilia Celeste Celia Chandra Charlene Charlotte
    Cheri Cherie Cheryl Christa Christi Christie Christina Christine Christy Cindy Claire
    Clara Clare Clarice Clarissa Claudette Claudia Colleen Connie Constance Cora Corinne
    Cornelia Corrine Courtney Cristina Cynthia Danielle Daphne Darla Darlene Dawn Deana
    Deanna Debbie Debora Deborah Debra Delia Della Delores Deloris Dena Denise Desiree Diana
    Diane Dianna Dianne Dina Dolly Dolores Dona Donna Dora Doreen Doris Dorothea Dorothy
    Dorthy Earline Edith Edna Effie Eileen Elaine Eleanor Elena Elinor Elisa Elisabeth Elise
    Eliza Elizabeth Ella Ellen Elnora Eloise Elsa Elsie Elva Elvira Emilia Emily Emma Erica
    Ericka Erika Erin Erma Ernestine Esmeralda Essie Estela Estella Estelle Ester Esther
    Ethel Etta Eugenia Eunice Eva Eve Evelyn Fannie Faye Felicia Flora Flossie Frances
    Francine Francisca Freda Frieda Gabriela Gabrielle Gail Gayle Geneva Genevieve Georgina
    Geraldine Gertrude Gina Gladys Glenda Glenna Gloria Goldie Grace Gracie Graciela Greta
    Gretchen Gwen Gwendolyn Haley Hannah Harriet Harriett Hattie Hazel Heather Heidi Helen
    Helene Henrietta Hilary Hilda Hillary Ida Imogene Ina Inez Ingrid Irene Iris Irma Isabel
    Isabelle Jaclyn Jacqueline Jacquelyn Jami Jana Jane Janelle Janet Janette Janice Janie
    Janine Janis Jasmine Jayne Jean Jeanette Jeanie Jeanine Jeanne Jeannette Jeannie
    Jeannine Jenifer Jenna Jennie Jennifer Jenny Jeri Jessica Jill Jillian Joan Joann Joanna
    Joanne Jocelyn Jodi Jodie Johanna Jolene Joni Josefina Josephine Josie Joyce Juana
    Juanita Judith Judy Julia Julie Justine Kara Karen Kari Karin Karina Karla Kate
    Katharine Katherine Kathleen Kathryn Kathy Katie Katrina Kay Kayla Keisha Kelley Kelli
    Kellie Kelly Kelsey Kendra Keri Kerri Kimberley Kimberly Kirsten Krista Kristen Kristi
    Kristie Kristin Kristina Kristine Kristy Krystal Lacey Ladonna Lana Lara Latasha Latisha
    Latonya Latoya Laura Laurel Lauren Laurie Laverne Lea Leah Leann Leanne Leigh Leila Lela
    Lena Lenora Lenore Leola Leona Lesley Letha Leticia Lidia Lila Lilia Lillian Lillie
    Lilly Lily Linda Lindsay Lindsey Lisa Lizzie Lois Lola Lora Loraine Lorena Lorene
    Loretta Lori Lorie Lorna Lorraine Lorrie Lottie Louise Lucia Lucile Lucille Lucinda Lucy
    Luella Luisa Lula Lydia Lynda Lynette Lynn Lynne Mabel Mable Madeline Mae Magdalena
    Maggie Malinda Mamie Mandy Manuela Marcella Marcia Marcy Margaret Margarita Margie Margo
    Margret Marguerite Maria Marian Marianne Maribel Marie Marilyn Marina Marisa Marisol
    Marissa Maritza Marjorie Marla Marlene Marsha Marta Martha Martina Mary Maryann Marylou
    Matilda Mattie Maude Maureen Mavis Maxine Mayra Meagan Megan Meghan Melanie Melba
    Melinda Melisa Melissa Meredith Mia Michele Michelle Mildred Millie Mindy Minerva Minnie
    Miranda Miriam Mollie Molly Mona Monica Monique Muriel Myra Myrna Myrtle Nadine Nancy
    Nannie Naomi Natalie Natasha Nelda Nell Nellie Nettie Nichole Nicole Nikki Nina Nola
    Nora Noreen Norma Odessa Ofelia Olga Olivia Paige Pam Pamela Patrica Patrice Patricia
    Patsy Patti Patty Paula Paulette Pauline Pearlie Peggy Penelope Penny Petra Phyllis
    Polly Priscilla Rachael Rachel Rachelle Ramona Randi Raquel Reba Rebecca Rebekah Rena
    Renee Rhoda Rhonda Rita Roberta Robin Robyn Rochelle Ronda Rosa Rosalie Rosalind
    Rosalinda Rosalyn Rose Rosemarie Rosemary Rosetta Rosie Roxanne Ruth Ruthie Sabrina
    Sadie Sallie Sally Samantha Sandra Sandy Sara Sarah Saundra Selma Serena Shana Shanna
    Shannon Shari Sharon Sharron Shauna Shawna Sheena Sheila Shelia Shelley Shelly Sheri
    Sherri Sherrie Sherry Sheryl Shirley Silvia Simone Sofia Sondra Sonia Sonja Sonya Sophia
    Sophie Stacey Staci Stacie Stacy Stefanie Stella Stephanie Susan Susana Susanne Susie
    Suzanne Sybil Sylvia Tabatha Tabitha Tamara Tameka Tami Tamika Tammie Tammy Tania Tanya
    Tara Tasha Teresa Teri Terri Terrie Thelma Theresa Therese Tia Tina Toni Tonia Tonya
    Tracey Traci Tracie Tracy Tricia Trina Trisha Trudy Ursula Valarie Valerie Vanessa Velma
    Vera Verna Veronica Vicki Vickie Vicky Victoria Viola Virgie Vivian Wanda Wendy Whitney
    Willa Wilma Winifred Winnie Yolanda Yvette Yvonne Zelma
    """
)

CENSUS_MALE = names_of(
    """
    Aaron Abel Abraham Adam Adolfo Adrian Agustin Alan Albert Alberto Alejandro Alex
    Alexander Alfonso Alfred Alfredo Allan Allen Alonzo Alton Alvin Amos Andre Andres Andrew
    Andy Angelo Anthony Antoine Anton Antonio Archie Armando Arnold Arthur Arturo Barry Ben
    Benito Benjamin Bennie Benny Bernard Bert Bill Billy Blaine Blake Bob Bobby Boyd Brad
    Bradford Bradley Brady Brandon Brendan Brent Bret Brett Brian Bruce Bryan Bryant Bryce
    Buddy Burton Byron Caleb Calvin Cameron Carl Carlos Carlton Cedric Cesar Chad Charles
    Charlie Chester Chris Christopher Clarence Clark Claude Clayton Clifford Clifton Clint
    Clyde Cody Colin Conrad Corey Cornelius Cory Craig Curt Curtis Damian Damien Damon Dan
    Daniel Danny Darin Darnell Darrel Darrell Darren Darrin Darryl Darwin Daryl Dave David
    Dean Delbert Demetrius Denis Dennis Derek Derrick Desmond Devin Dewayne Dexter Dominic
    Dominick Don Donald Donnie Doug Douglas Doyle Duane Dustin Dwayne Dwight Dylan Ed Eddie
    Edgar Edmond Edmund Eduardo Edward Edwin Efrain Elbert Eldon Elias Elijah Elliot Elliott
    Elmer Elton Elvin Emanuel Emil Emilio Emmanuel Emmett Enrique Eric Erick Erik Ernesto
    Ernie Ervin Erwin Esteban Ethan Eugene Evan Everett Felipe Felix Fernando Floyd Francis
    Francisco Frank Fred Freddie Freddy Frederick Fredrick Gabriel Garland Garrett Garry
    Gary Gene Geoffrey George Gerald Gerard Gerardo Gilbert Gilberto Glenn Gordon Greg Gregg
    Gregorio Gregory Guillermo Gustavo Hans Harlan Harold Harry Harvey Hector Henry Herbert
    Herman Horace Howard Hubert Hugh Hugo Humberto Ian Ignacio Irvin Irving Isaac Ismael
    Ivan Jack Jacob Jake Jamal James Jared Jarrod Jason Jasper Javier Jay Jeff Jeffery
    Jeffrey Jerald Jeremiah Jeremy Jermaine Jerome Jerry Jess Jesse Jim Jimmie Jimmy Joaquin
    Joe Joel Joey John Johnathan Johnny Jon Jonathan Jonathon Jorge Jose Joseph Josh Joshua
    Juan Julian Julio Julius Justin Karl Keith Kelvin Ken Kendall Kenneth Kenny Kevin Kirk
    Kristopher Kurt Kyle Lamont Lance Larry Laurence Lawrence Leo Leon Leonard Leonardo
    Leroy Lester Levi Lewis Lionel Lloyd Lonnie Loren Lorenzo Louie Louis Lucas Luis Luke
    Luther Malcolm Manuel Marc Marco Marcos Marcus Mario Mark Marlon Martin Marty Marvin
    Mathew Matt Matthew Maurice Melvin Micah Michael Micheal Mickey Miguel Mike Mitchell
    Morris Moses Murray Myron Nathan Nathaniel Neal Neil Nicholas Nick Nicolas Noah Nolan
    Norbert Norman Oliver Omar Orville Oscar Otto Owen Pablo Patrick Paul Pedro Perry Pete
    Peter Phil Philip Phillip Pierre Preston Quentin Quinton Rafael Ralph Ramiro Ramon
    Randal Randall Randolph Randy Raul Ray Raymond Reginald Reuben Reynaldo Ricardo Richard
    Rick Rickey Ricky Robert Roberto Roderick Rodger Rodney Rodolfo Rogelio Roger Roland
    Rolando Ron Ronald Ronnie Roscoe Ross Roy Ruben Rudolph Rudy Russel Russell Ryan
    Salvatore Sammy Samuel Saul Scott Scotty Sean Sergio Seth Shane Shaun Shawn Sheldon
    Sidney Simon Solomon Spencer Stanley Stephan Stephen Steve Steven Stewart Stuart
    Sylvester Teddy Terence Terrance Terrell Terrence Terry Theodore Thomas Tim Timmy
    Timothy Toby Todd Tom Tomas Tommy Tony Travis Trent Trevor Tyrone Tyson Vernon Vicente
    Victor Vincent Virgil Wallace Walter Warren Wayne Wendell Wesley Wilbert Wilbur Wilfred
    Wilfredo Willard William Willie Willis Xavier Zachary
    """
)

AMBIGUOUS = names_of(
    """
    Alexis Aubrey Casey Cleo Devon Dominique Frankie Gale Jackie Jaime Jamie Jessie Jody
    Johnnie Kerry Leslie Merle Rene Robbie Tommie
    """
)

" styr rule files
autocmd BufRead,BufNewFile *.styr setfiletype styr

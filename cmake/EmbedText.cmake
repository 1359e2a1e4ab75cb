# moe_embed_text_files(HEADER DIR FILES...): writes HEADER with one `{"name", R"moe_raw(text)moe_raw"},`
# line per file of DIR, to be #included inside an initializer list, so that an installed binary needs no
# source tree. Configure re-runs when a file changes.
function(moe_embed_text_files header dir)
  set(entries "")
  foreach(name ${ARGN})
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${dir}/${name})
    file(READ ${dir}/${name} text)
    string(FIND "${text}" ")moe_raw\"" clash)
    if(NOT clash EQUAL -1)
      message(FATAL_ERROR "${dir}/${name} contains the raw-string delimiter )moe_raw\"")
    endif()
    string(APPEND entries "    {\"${name}\", R\"moe_raw(${text})moe_raw\"},\n")
  endforeach()
  # @ONLY with the entries as one variable: the text is substituted once, never scanned again.
  file(CONFIGURE OUTPUT ${header} CONTENT "// Generated from ${dir} by cmake/EmbedText.cmake: do not edit.\n@entries@" @ONLY)
endfunction()
